using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Admission;

/// <summary>What webhooks see and do: AdmissionReview requests, patches, denials, selectors, dry run, reinvocation.</summary>
[Collection(AdmissionClusterCollection.Name)]
public sealed class WebhookAdmissionTests(AdmissionCluster cluster)
{
    static V1ConfigMap ConfigMap(string name, Dictionary<string, string>? labels = null, Dictionary<string, string>? data = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels }, Data = data };

    V1MutatingWebhook Mutating(string ns, string name, string path, string reinvocation = "Never", V1RuleWithOperations? rule = null) => new()
    {
        Name = name, ClientConfig = cluster.ClientConfig(ns, "hook", path), Rules = [rule ?? AdmissionCluster.Rule("configmaps")],
        NamespaceSelector = AdmissionCluster.OnlyNamespace(ns), SideEffects = "None", AdmissionReviewVersions = ["v1"],
        ReinvocationPolicy = reinvocation,
    };

    V1ValidatingWebhook Validating(string ns, string name, string path, V1RuleWithOperations? rule = null) => new()
    {
        Name = name, ClientConfig = cluster.ClientConfig(ns, "hook", path), Rules = [rule ?? AdmissionCluster.Rule("configmaps")],
        NamespaceSelector = AdmissionCluster.OnlyNamespace(ns), SideEffects = "None", AdmissionReviewVersions = ["v1"],
    };

    Task MutateAsync(string configuration, params V1MutatingWebhook[] webhooks) =>
        cluster.Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(
            new V1MutatingWebhookConfiguration { Metadata = new V1ObjectMeta { Name = configuration }, Webhooks = webhooks });

    Task ValidateAsync(string configuration, params V1ValidatingWebhook[] webhooks) =>
        cluster.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(
            new V1ValidatingWebhookConfiguration { Metadata = new V1ObjectMeta { Name = configuration }, Webhooks = webhooks });

    async Task<string> NamespaceWithHookAsync(string prefix)
    {
        var ns = await cluster.CreateNamespaceAsync(prefix);
        await cluster.ExposeAsync(ns, "hook");
        return ns;
    }

    [Fact]
    public async Task Mutating_webhook_patch_is_applied_and_the_request_is_an_AdmissionReview_v1()
    {
        var ns = await NamespaceWithHookAsync("mutate");
        cluster.Webhooks.Handle($"/{ns}/m", r => WebhookTestServer.Patch(r, """[{"op":"add","path":"/metadata/labels/mutated","value":"yes"}]"""));
        await MutateAsync($"{ns}-m", Mutating(ns, "label.test.io", $"/{ns}/m"));

        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", new() { ["app"] = "web" }), ns);

        Assert.Equal("yes", created.Labels()["mutated"]);
        Assert.Equal("yes", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c", ns)).Labels()["mutated"]);
        var review = cluster.Webhooks.Received($"/{ns}/m").Single();
        Assert.Equal("admission.k8s.io/v1", (string?)review["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)review["kind"]);
        Assert.Equal($"hook.{ns}.svc:443", (string?)review["host"]);
        Assert.Equal("?timeout=10s", (string?)review["query"]);
        var request = review["request"]!.AsObject();
        Assert.True(Guid.TryParse((string?)request["uid"], out _));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"","version":"v1","kind":"ConfigMap"}"""), request["kind"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"","version":"v1","resource":"configmaps"}"""), request["resource"]));
        Assert.True(JsonNode.DeepEquals(request["kind"], request["requestKind"]));
        Assert.Null(request["subResource"]);
        Assert.Equal("c", (string?)request["name"]);
        Assert.Equal(ns, (string?)request["namespace"]);
        Assert.Equal("CREATE", (string?)request["operation"]);
        Assert.Equal("coxswain", (string?)request["userInfo"]!["username"]);
        Assert.Equal("web", (string?)request["object"]!["metadata"]!["labels"]!["app"]);
        Assert.Equal("v1", (string?)request["object"]!["apiVersion"]);
        Assert.Null(request["oldObject"]);
        Assert.False((bool)request["dryRun"]!);
        Assert.Equal("CreateOptions", (string?)request["options"]!["kind"]);
    }

    [Fact]
    public async Task Validating_webhook_denial_is_403_Forbidden_with_kube_apiservers_message()
    {
        var ns = await NamespaceWithHookAsync("deny");
        cluster.Webhooks.Handle($"/{ns}/v", r => r["request"]!["object"]!["data"]?["forbidden"] is not null
            ? WebhookTestServer.Deny(r, "data.forbidden is not allowed")
            : WebhookTestServer.Allow(r));
        await ValidateAsync($"{ns}-v", Validating(ns, "vconfig.test.io", $"/{ns}/v"));

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("bad", data: new() { ["forbidden"] = "1" }), ns));

        Assert.Equal(403, failure.Code);
        Assert.Equal("Forbidden", failure.Reason);
        Assert.Equal("configmaps \"bad\" is forbidden: admission webhook \"vconfig.test.io\" denied the request: data.forbidden is not allowed", failure.Message);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"bad","kind":"configmaps"}"""), failure.Status["details"]));
        Assert.Equal(404, (await ApiFailure.Of(() => cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("bad", ns))).Code);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("good", data: new() { ["fine"] = "1" }), ns);
    }

    [Fact]
    public async Task Evictions_are_admitted_as_policy_v1_Eviction_creates_of_pods_eviction()
    {
        var ns = await NamespaceWithHookAsync("evict");
        cluster.Webhooks.Handle($"/{ns}/v", r => WebhookTestServer.Deny(r, "no evictions today"));
        await ValidateAsync($"{ns}-v", Validating(ns, "veviction.test.io", $"/{ns}/v", AdmissionCluster.Rule("pods/eviction", operations: "CREATE")));
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = ns } }, "p", ns));

        Assert.Equal(403, failure.Code);
        Assert.Equal("pods \"p\" is forbidden: admission webhook \"veviction.test.io\" denied the request: no evictions today", failure.Message);
        var request = cluster.Webhooks.Received($"/{ns}/v").Single()["request"]!;
        Assert.Equal("""{"group":"policy","version":"v1","kind":"Eviction"}""", request["kind"]!.ToJsonString());
        Assert.Equal("""{"group":"","version":"v1","resource":"pods"}""", request["resource"]!.ToJsonString());
        Assert.Equal(("eviction", "CREATE", "policy/v1", "Eviction"),
            ((string?)request["subResource"], (string?)request["operation"], (string?)request["object"]?["apiVersion"], (string?)request["object"]?["kind"]));
        await cluster.Client.CoreV1.ReadNamespacedPodAsync("p", ns); // still there
    }

    [Fact]
    public async Task Validating_webhooks_see_the_mutated_object_and_all_are_called()
    {
        var ns = await NamespaceWithHookAsync("order");
        cluster.Webhooks.Handle($"/{ns}/m", r => WebhookTestServer.Patch(r, """[{"op":"add","path":"/data","value":{"added":"by-mutator"}}]"""));
        cluster.Webhooks.Handle($"/{ns}/v1", r => WebhookTestServer.Allow(r));
        cluster.Webhooks.Handle($"/{ns}/v2", r => WebhookTestServer.Deny(r, "second says no", code: 422));
        await MutateAsync($"{ns}-m", Mutating(ns, "m.test.io", $"/{ns}/m"));
        await ValidateAsync($"{ns}-v", Validating(ns, "v1.test.io", $"/{ns}/v1"), Validating(ns, "v2.test.io", $"/{ns}/v2"));

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));

        Assert.Equal(422, failure.Code);
        Assert.Equal("configmaps \"c\" is forbidden: admission webhook \"v2.test.io\" denied the request: second says no", failure.Message);
        Assert.Equal("by-mutator", (string?)cluster.Webhooks.Received($"/{ns}/v1").Single()["request"]!["object"]!["data"]!["added"]);
        Assert.Single(cluster.Webhooks.Received($"/{ns}/v2"));
    }

    [Fact]
    public async Task Selectors_choose_which_requests_reach_the_webhook()
    {
        var team = $"team-{Guid.NewGuid():N}";
        var selected = await cluster.CreateNamespaceAsync("selected", new Dictionary<string, string> { ["team"] = team });
        var other = await cluster.CreateNamespaceAsync("other");
        await cluster.ExposeAsync(selected, "hook");
        cluster.Webhooks.Handle($"/{selected}/v", r => WebhookTestServer.Deny(r, "guarded"));
        var webhook = Validating(selected, "selectors.test.io", $"/{selected}/v");
        webhook.NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = team } };
        webhook.ObjectSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["guarded"] = "yes" } };
        await ValidateAsync($"{selected}-v", webhook);

        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("g", new() { ["guarded"] = "yes" }), other);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("free"), selected);
        Assert.Equal(403, (await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("g", new() { ["guarded"] = "yes" }), selected))).Code);

        // Dropping the label is still seen: the old object matches.
        var unlabelled = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("free", selected);
        cluster.Webhooks.Handle($"/{selected}/v", r => WebhookTestServer.Allow(r));
        unlabelled.Metadata.Labels = new Dictionary<string, string> { ["guarded"] = "yes" };
        await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(unlabelled, "free", selected);
        cluster.Webhooks.Handle($"/{selected}/v", r => WebhookTestServer.Deny(r, "guarded"));
        var labelled = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("free", selected);
        labelled.Metadata.Labels = null;
        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(labelled, "free", selected));
        Assert.Equal("configmaps \"free\" is forbidden: admission webhook \"selectors.test.io\" denied the request: guarded", failure.Message);
        Assert.Equal(2, cluster.Webhooks.Received($"/{selected}/v").Count(r => (string?)r["request"]!["operation"] == "UPDATE"));
    }

    [Fact]
    public async Task Updates_and_deletes_carry_the_old_object()
    {
        var ns = await NamespaceWithHookAsync("lifecycle");
        cluster.Webhooks.Handle($"/{ns}/v", r => (string?)r["request"]!["operation"] == "DELETE" ? WebhookTestServer.Deny(r, "keep it") : WebhookTestServer.Allow(r));
        await ValidateAsync($"{ns}-v", Validating(ns, "lifecycle.test.io", $"/{ns}/v", AdmissionCluster.Rule("configmaps", operations: ["UPDATE", "DELETE"])));
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", data: new() { ["v"] = "1" }), ns);

        var current = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c", ns);
        current.Data["v"] = "2";
        await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(current, "c", ns);
        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("c", ns));

        Assert.Equal("configmaps \"c\" is forbidden: admission webhook \"lifecycle.test.io\" denied the request: keep it", failure.Message);
        Assert.Equal("2", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c", ns)).Data["v"]);
        var requests = cluster.Webhooks.Received($"/{ns}/v").Select(r => r["request"]!.AsObject()).ToList();
        Assert.Equal(["UPDATE", "DELETE"], requests.Select(r => (string?)r["operation"]));
        Assert.Equal("2", (string?)requests[0]["object"]!["data"]!["v"]);
        Assert.Equal("1", (string?)requests[0]["oldObject"]!["data"]!["v"]);
        Assert.Equal("UpdateOptions", (string?)requests[0]["options"]!["kind"]);
        Assert.Null(requests[1]["object"]);
        Assert.Equal("2", (string?)requests[1]["oldObject"]!["data"]!["v"]);
        Assert.Equal("DeleteOptions", (string?)requests[1]["options"]!["kind"]);
    }

    [Fact]
    public async Task Subresource_writes_match_subresource_rules_only()
    {
        var ns = await NamespaceWithHookAsync("status");
        cluster.Webhooks.Handle($"/{ns}/pods", r => WebhookTestServer.Allow(r));
        cluster.Webhooks.Handle($"/{ns}/status", r => WebhookTestServer.Deny(r, "status is frozen"));
        await ValidateAsync($"{ns}-v",
            Validating(ns, "pods.test.io", $"/{ns}/pods", AdmissionCluster.Rule("pods")),
            Validating(ns, "status.test.io", $"/{ns}/status", AdmissionCluster.Rule("pods/status")));
        var pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx" }] },
        }, ns);

        pod.Status = new V1PodStatus { Phase = "Running" };
        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "p", ns));

        Assert.Equal("pods \"p\" is forbidden: admission webhook \"status.test.io\" denied the request: status is frozen", failure.Message);
        Assert.Single(cluster.Webhooks.Received($"/{ns}/pods"));
        var status = cluster.Webhooks.Received($"/{ns}/status").Single()["request"]!;
        Assert.Equal("status", (string?)status["subResource"]);
        Assert.Equal("status", (string?)status["requestSubResource"]);
        Assert.Equal("UPDATE", (string?)status["operation"]);
    }

    [Fact]
    public async Task Dry_run_reaches_only_webhooks_without_side_effects()
    {
        var ns = await NamespaceWithHookAsync("dryrun");
        cluster.Webhooks.Handle($"/{ns}/v", r => WebhookTestServer.Allow(r));
        await ValidateAsync($"{ns}-v", Validating(ns, "dry.test.io", $"/{ns}/v"));

        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns, dryRun: "All");

        Assert.True((bool)cluster.Webhooks.Received($"/{ns}/v").Single()["request"]!["dryRun"]!);
        Assert.Equal(404, (await ApiFailure.Of(() => cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c", ns))).Code);

        // sideEffects Some is refused by v1 validation, but configurations stored by older servers may still carry it.
        var legacy = JsonNode.Parse(k8s.KubernetesJson.Serialize(new V1ValidatingWebhookConfiguration
        {
            ApiVersion = "admissionregistration.k8s.io/v1", Kind = "ValidatingWebhookConfiguration",
            Metadata = new V1ObjectMeta { Name = $"{ns}-legacy" },
            Webhooks = [Validating(ns, "effects.test.io", $"/{ns}/v")],
        }))!.AsObject();
        legacy["webhooks"]![0]!["sideEffects"] = "Some";
        await cluster.Server.Store.CreateAsync($"validatingwebhookconfigurations.admissionregistration.k8s.io/{ns}-legacy", legacy);

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns, dryRun: "All"));
        Assert.Equal(400, failure.Code);
        Assert.Equal("BadRequest", failure.Reason);
        Assert.Equal("admission webhook \"effects.test.io\" does not support dry run", failure.Message);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns);
    }

    [Fact]
    public async Task IfNeeded_webhooks_are_reinvoked_once_after_a_later_change()
    {
        var ns = await NamespaceWithHookAsync("reinvoke");
        cluster.Webhooks.Handle($"/{ns}/first", r => WebhookTestServer.Allow(r));
        cluster.Webhooks.Handle($"/{ns}/never", r => WebhookTestServer.Allow(r));
        cluster.Webhooks.Handle($"/{ns}/second", r => r["request"]!["object"]!["metadata"]!["labels"]?["second"] is null
            ? WebhookTestServer.Patch(r, """[{"op":"add","path":"/metadata/labels","value":{"second":"yes"}}]""")
            : WebhookTestServer.Allow(r));
        // Configurations run in name order: "a-…" before "b-…".
        await MutateAsync($"a-{ns}", Mutating(ns, "first.test.io", $"/{ns}/first", "IfNeeded"), Mutating(ns, "never.test.io", $"/{ns}/never"));
        await MutateAsync($"b-{ns}", Mutating(ns, "second.test.io", $"/{ns}/second", "IfNeeded"));

        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns);

        Assert.Equal("yes", created.Labels()["second"]);
        var first = cluster.Webhooks.Received($"/{ns}/first");
        Assert.Equal(2, first.Count);
        Assert.Null(first[0]["request"]!["object"]!["metadata"]!["labels"]);
        Assert.Equal("yes", (string?)first[1]["request"]!["object"]!["metadata"]!["labels"]!["second"]);
        Assert.Single(cluster.Webhooks.Received($"/{ns}/never"));
        Assert.Single(cluster.Webhooks.Received($"/{ns}/second"));
    }

    [Fact]
    public async Task Warnings_become_Warning_headers()
    {
        var ns = await NamespaceWithHookAsync("warn");
        cluster.Webhooks.Handle($"/{ns}/v", r => WebhookTestServer.Allow(r, "label \"team\" is recommended"));
        await ValidateAsync($"{ns}-v", Validating(ns, "warn.test.io", $"/{ns}/v"));

        using var response = await cluster.Client.CoreV1.CreateNamespacedConfigMapWithHttpMessagesAsync(ConfigMap("c"), ns);

        Assert.Equal(["299 - \"label \\\"team\\\" is recommended\""], response.Response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task Patch_that_breaks_the_object_is_an_internal_error_and_nothing_is_stored()
    {
        var ns = await NamespaceWithHookAsync("broken");
        cluster.Webhooks.Handle($"/{ns}/type", r => WebhookTestServer.Patch(r, """[{"op":"add","path":"/data","value":"not-a-map"}]"""));
        await MutateAsync($"{ns}-type", Mutating(ns, "type.test.io", $"/{ns}/type"));

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));
        Assert.Equal(500, failure.Code);
        Assert.Equal("InternalError", failure.Reason);
        Assert.StartsWith("Internal error occurred: ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal", failure.Message);

        await cluster.Client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync($"{ns}-type");
        cluster.Webhooks.Handle($"/{ns}/path", r => WebhookTestServer.Patch(r, """[{"op":"remove","path":"/spec/missing"}]"""));
        await MutateAsync($"{ns}-path", Mutating(ns, "path.test.io", $"/{ns}/path"));
        failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));
        Assert.Equal(500, failure.Code);
        Assert.StartsWith("Internal error occurred: ", failure.Message);
        Assert.Equal(404, (await ApiFailure.Of(() => cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c", ns))).Code);
    }

    [Fact]
    public async Task Webhook_configurations_are_never_sent_to_webhooks()
    {
        var ns = await NamespaceWithHookAsync("exempt");
        var marker = $"exempt-{Guid.NewGuid():N}";
        cluster.Webhooks.Handle($"/{ns}/all", r => WebhookTestServer.Deny(r, "everything is denied"));
        var denyAll = Validating(ns, "deny-all.test.io", $"/{ns}/all", new V1RuleWithOperations
        {
            ApiGroups = ["*"], ApiVersions = ["*"], Resources = ["*/*"], Operations = ["*"],
        });
        denyAll.NamespaceSelector = new V1LabelSelector();
        denyAll.ObjectSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [marker] = "true" } };
        await ValidateAsync($"{ns}-all", denyAll);
        var labels = new Dictionary<string, string> { [marker] = "true" };

        Assert.Equal(403, (await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", labels), ns))).Code);
        var configuration = await cluster.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync($"{ns}-all");
        configuration.Metadata.Labels = labels;
        await cluster.Client.AdmissionregistrationV1.ReplaceValidatingWebhookConfigurationAsync(configuration, configuration.Name());
        await cluster.Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync($"{ns}-all");

        Assert.Single(cluster.Webhooks.Received($"/{ns}/all"));
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", labels), ns);
    }

    [Fact]
    public async Task Webhook_metrics_are_served_on_metrics()
    {
        var ns = await NamespaceWithHookAsync("metrics");
        var name = $"{ns}.metrics.test.io";
        cluster.Webhooks.Handle($"/{ns}/v", r => WebhookTestServer.Deny(r, "no"));
        await ValidateAsync($"{ns}-v", Validating(ns, name, $"/{ns}/v"));
        await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.Server.BaseAddress, "/metrics"));
        request.Headers.Authorization = new("Bearer", cluster.Server.Token);
        using var response = await cluster.Client.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains($"apiserver_admission_webhook_rejection_count{{name=\"{name}\",type=\"validating\",operation=\"CREATE\",error_type=\"no_error\",rejection_code=\"403\"}} 1", text);
        Assert.Contains($"apiserver_admission_webhook_admission_duration_seconds_count{{name=\"{name}\",type=\"validating\",operation=\"CREATE\",rejected=\"true\"}} 1", text);
    }
}
