using System.Text.Json.Nodes;

namespace Coxswain.Cli.Tests;

/// <summary>
/// OpenKruise's troubleshooting guide ("Kruise Controller Manager Issues", "Webhook Issues", "CloneSet Troubleshooting",
/// "Diagnostic Commands"), command by command with the real kubectl against one <c>coxswain up</c>: each shows what the
/// guide says it shows.
/// </summary>
public sealed class SeedGuideTests(CoxswainUpFixture cluster) : IClassFixture<CoxswainUpFixture>
{
    Kubectl Kubectl => cluster.Kubectl;

    static string CloneSet(string name, string image) => $$"""
        apiVersion: apps.kruise.io/v1alpha1
        kind: CloneSet
        metadata:
          name: {{name}}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: nginx
                image: {{image}}
          updateStrategy:
            type: InPlaceIfPossible
        """;

    async Task CreateReadyAsync(string name)
    {
        await Kubectl.SucceedAsync(["apply", "-f", "-"], CloneSet(name, "nginx:1.25"));
        await cluster.WaitForAsync(async () => (await Kubectl.RunAsync("get", "clone", name, "-o", "jsonpath={.status.readyReplicas}")).Stdout == "2",
            $"clone/{name} ready");
    }

    Task<string> ManagerLogsAsync() =>
        Kubectl.SucceedAsync("logs", "-n", "kruise-system", "-l", "control-plane=controller-manager", "-c", "manager", "--tail=-1");

    [Fact]
    public async Task Manager_and_webhook_commands_show_the_install()
    {
        await cluster.ManagerRolledOutAsync();
        var pods = await Kubectl.SucceedAsync("get", "pods", "-n", "kruise-system", "-l", "control-plane=controller-manager", "-o", "wide");
        Assert.Equal(2, pods.Split('\n').Count(l => l.Contains("kruise-controller-manager-") && l.Contains("Running")));
        Assert.Contains("clonesets.apps.kruise.io", await Kubectl.SucceedAsync("get", "crd"));

        // The configurations point at kruise-webhook-service with the CA of Secret kruise-webhook-certs.
        foreach (var (kind, name) in new[]
                 {
                     ("mutatingwebhookconfiguration", "kruise-mutating-webhook-configuration"),
                     ("validatingwebhookconfiguration", "kruise-validating-webhook-configuration"),
                 })
        {
            Assert.Contains(name, await Kubectl.SucceedAsync("get", kind));
            Assert.Contains(name, await Kubectl.SucceedAsync("get", kind, "-l", "app.kubernetes.io/part-of=openkruise"));
        }
        Assert.Matches(@"kruise-webhook-certs\s+Opaque", await Kubectl.SucceedAsync("get", "secret", "-n", "kruise-system"));
        await cluster.WaitForAsync(async () => await CaBundleAsync() == await SecretCaAsync(), "caBundle = the Secret's CA");
        var services = await Kubectl.SucceedAsync("get", "svc", "-n", "kruise-system");
        Assert.Matches(@"kruise-webhook-service\s+ClusterIP\s+\S+\s+<none>\s+443/TCP", services);
        var endpoints = await Kubectl.SucceedAsync("get", "endpoints", "-n", "kruise-system", "kruise-webhook-service", "-o",
            "jsonpath={range .subsets[*].addresses[*]}{.ip}{\"\\n\"}{end}");
        Assert.Equal(2, endpoints.Trim().Split('\n').Length);

        // The guide greps the manager's logs for its webhook and certificate work.
        var webhookLines = (await ManagerLogsAsync()).Split('\n')
            .Where(l => l.Contains("webhook", StringComparison.OrdinalIgnoreCase) || l.Contains("admission", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Contains(webhookLines, l => l.Contains("Registering webhook /validate-apps-kruise-io-v1alpha1-cloneset"));
        Assert.Contains(webhookLines, l => l.Contains("Serving webhook server on https://"));
        Assert.Contains(webhookLines, l => l.Contains("Loaded webhook serving certificate from Secret kruise-system/kruise-webhook-certs"));
    }

    [Fact]
    public async Task CloneSet_troubleshooting_commands_show_events_state_and_logs()
    {
        await cluster.ManagerRolledOutAsync();
        await CreateReadyAsync("guide");
        await Kubectl.SucceedAsync("patch", "clone", "guide", "--type=merge", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}""");
        await cluster.WaitForAsync(async () => (await Kubectl.RunAsync("get", "clone", "guide", "-o", "jsonpath={.status.updatedReadyReplicas}")).Stdout == "2",
            "the in-place update");

        var events = "";
        await cluster.WaitForAsync(async () =>
        {
            events = await Kubectl.SucceedAsync("get", "events",
                "--field-selector", "involvedObject.kind=CloneSet,involvedObject.name=guide,involvedObject.namespace=default", "--sort-by=.lastTimestamp");
            return events.Split('\n').Count(l => l.Contains("SuccessfulUpdatePodInPlace")) == 2;
        }, "the CloneSet's events");
        Assert.Equal(2, events.Split('\n').Count(l => l.Contains("SuccessfulCreate") && l.Contains("cloneset/guide") && l.Contains("succeed to create pod guide-")));
        Assert.Contains("successfully update pod guide-", events);

        var describe = await Kubectl.SucceedAsync("describe", "cloneset", "guide", "-n", "default");
        Assert.Contains("Kind:         CloneSet", describe);
        Assert.Matches(@"Normal\s+SuccessfulUpdatePodInPlace\s+\S+\s+cloneset-controller\s+successfully update pod guide-", describe);

        Assert.Equal("InPlaceIfPossible", await Kubectl.SucceedAsync("get", "cloneset", "guide", "-n", "default", "-o", "jsonpath={.spec.updateStrategy.type}"));
        var pod = (await Kubectl.SucceedAsync("get", "pods", "-l", "app=guide", "-o", "jsonpath={.items[0].metadata.name}")).Trim();
        var state = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pod", pod, "-n", "default", "-o",
            @"jsonpath={.metadata.annotations.apps\.kruise\.io/inplace-update-state}"))!;
        Assert.StartsWith("guide-", state["revision"]!.GetValue<string>());
        Assert.NotNull(state["lastContainerStatuses"]!["nginx"]!["imageID"]);

        var uid = await Kubectl.SucceedAsync("get", "cloneset", "guide", "-n", "default", "-o", "jsonpath={.metadata.uid}");
        Assert.Matches("^[0-9a-f-]{36}$", uid);
        Assert.Contains((await ManagerLogsAsync()).Split('\n'), l => l.Contains("CloneSet began to scale out") && l.Contains("default/guide"));
    }

    [Fact]
    public async Task Metrics_the_guides_query_are_served_on_8080()
    {
        await cluster.ManagerRolledOutAsync();
        await CreateReadyAsync("metrics");
        var ips = (await Kubectl.SucceedAsync("get", "pods", "-n", "kruise-system", "-l", "control-plane=controller-manager", "-o",
            "jsonpath={range .items[*]}{.status.podIP}{\"\\n\"}{end}")).Trim().Split('\n');
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var scrapes = new List<string>();
        foreach (var ip in ips) scrapes.Add(await http.GetStringAsync($"http://{ip}:8080/metrics"));

        // Exactly one replica leads.
        Assert.Equal([0, 1], scrapes.Select(s => s.Contains("\nkruise_manager_is_leader 1") ? 1 : 0).Order());
        var leader = scrapes.Single(s => s.Contains("\nkruise_manager_is_leader 1"));
        Assert.Contains("controller_runtime_reconcile_total{controller=\"cloneset\",result=\"success\"}", leader);
        Assert.Contains("controller_runtime_reconcile_errors_total{controller=\"cloneset\"}", leader);
        Assert.Contains("controller_runtime_reconcile_time_seconds_bucket{controller=\"cloneset\"", leader);
        Assert.Contains("workqueue_depth{name=\"cloneset\"", leader);
        // Both replicas serve webhooks: the API server calls any ready endpoint.
        var all = string.Join("\n", scrapes);
        Assert.Contains("controller_runtime_webhook_requests_total{code=\"200\",webhook=\"/validate-apps-kruise-io-v1alpha1-cloneset\"}", all);
        Assert.Contains("controller_runtime_webhook_latency_seconds_bucket{webhook=\"/mutate-apps-kruise-io-v1alpha1-cloneset\"", all);
        Assert.Contains("kruise_webhook_admission_requests_total{webhook=\"/validate-apps-kruise-io-v1alpha1-cloneset\",allowed=\"true\"}", all);
        Assert.Contains("kruise_webhook_admission_duration_seconds_bucket{webhook=\"/mutate-pod\"", all);
    }

    [Fact]
    public async Task Rollout_restart_keeps_the_certificates_and_a_deleted_Secret_is_regenerated()
    {
        await cluster.ManagerRolledOutAsync();
        var ca = await SecretCaAsync();
        await Kubectl.SucceedAsync("rollout", "restart", "deployment", "-n", "kruise-system", "kruise-controller-manager");
        await cluster.ManagerRolledOutAsync();
        Assert.Equal(ca, await SecretCaAsync());
        await AssertWebhooksAnswerAsync("after-restart");

        // Certificates gone: the running manager (watching its Secret, as OpenKruise's webhook controller does) issues new
        // ones at once and patches the new CA in; the replicas serve the new certificate.
        await Kubectl.SucceedAsync("delete", "secret", "-n", "kruise-system", "kruise-webhook-certs");
        var regenerated = "";
        await cluster.WaitForAsync(async () =>
        {
            var result = await Kubectl.RunAsync("get", "secret", "-n", "kruise-system", "kruise-webhook-certs", "-o", @"jsonpath={.data.ca-cert\.pem}");
            regenerated = result.Stdout;
            return result.ExitCode == 0 && regenerated.Length > 0 && regenerated != ca && await CaBundleAsync() == regenerated;
        }, "a new CA in the Secret and in caBundle");
        await cluster.WaitForAsync(async () =>
        {
            var attempt = await Kubectl.RunAsync(["apply", "-f", "-"], CloneSet("after-regeneration", "nginx:1.25"));
            return attempt.ExitCode == 0;
        }, "the webhooks to answer with the new certificate");
        await AssertWebhooksAnswerAsync("after-regeneration");
    }

    async Task AssertWebhooksAnswerAsync(string name)
    {
        var denied = await Kubectl.RunAsync(["apply", "-f", "-"], CloneSet(name, "nginx:1.25").Replace("labels: {app: " + name + "}", "labels: {app: other}"));
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("admission webhook \"vcloneset.kb.io\" denied the request", denied.Stderr);
        await Kubectl.SucceedAsync(["apply", "-f", "-"], CloneSet(name, "nginx:1.25"));
    }

    Task<string> SecretCaAsync() =>
        Kubectl.SucceedAsync("get", "secret", "-n", "kruise-system", "kruise-webhook-certs", "-o", @"jsonpath={.data.ca-cert\.pem}");

    Task<string> CaBundleAsync() =>
        Kubectl.SucceedAsync("get", "mutatingwebhookconfiguration", "kruise-mutating-webhook-configuration", "-o", "jsonpath={.webhooks[0].clientConfig.caBundle}");
}
