using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Tests.Nodes;

namespace Coxswain.LocalCluster.Tests.Disruption;

/// <summary>
/// pods/eviction over HTTPS against running pods guarded by PodDisruptionBudgets whose status the in-process disruption
/// controller maintains. Each test works in a namespace of its own, so budgets never select another test's pods.
/// </summary>
public sealed class EvictionHttpTests(SimulatedClusterFixture fixture) : IClassFixture<SimulatedClusterFixture>
{
    SimulatedCluster Cluster => fixture.Cluster;

    async Task<string> NamespaceWithPodsAsync(string ns, int pods, string app = "web")
    {
        await Cluster.Storage.CreateAsync(BuiltInResources.Namespaces, null,
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, new WriteOptions());
        for (var i = 1; i <= pods; i++)
            await Cluster.CreatePodAsync(SimulatedCluster.PodManifest($"{app}-{i}", customize: p =>
                p["metadata"]!["labels"] = new JsonObject { ["app"] = app }), ns);
        for (var i = 1; i <= pods; i++) await Cluster.WaitForRunningAndReadyAsync($"{app}-{i}", ns);
        return ns;
    }

    async Task CreateBudgetAsync(string ns, string name, JsonObject spec)
    {
        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets",
            new JsonObject { ["apiVersion"] = "policy/v1", ["kind"] = "PodDisruptionBudget", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec }
                .ToJsonString());
        Assert.True(code == 201, body);
    }

    JsonObject Budget(string ns, string name) => Cluster.Storage.Get(BuiltInResources.PodDisruptionBudgets, ns, name).ToJsonObject();

    async Task<JsonObject> WaitForBudgetAsync(string ns, string name, Func<JsonObject, bool> done, string what)
    {
        await Cluster.WaitUntilAsync(() => done(Budget(ns, name)["status"]!.AsObject()), $"budget {name}: {what}",
            describe: () => Budget(ns, name).ToJsonString());
        return Budget(ns, name)["status"]!.AsObject();
    }

    static string Eviction(string pod, string apiVersion = "policy/v1", JsonObject? deleteOptions = null)
    {
        var eviction = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "Eviction", ["metadata"] = new JsonObject { ["name"] = pod } };
        if (deleteOptions is not null) eviction["deleteOptions"] = deleteOptions;
        return eviction.ToJsonString();
    }

    Task<(int Code, string Body)> EvictAsync(string ns, string pod, string? body = null) =>
        Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/{pod}/eviction", body ?? Eviction(pod));

    /// <summary>Same fields in the same order; string escaping aside (Go and System.Text.Json escape different characters).</summary>
    static void SameJson(string expected, string actual) => Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), JsonNode.Parse(actual)!.ToJsonString());

    [Fact]
    public async Task A_budget_allows_evictions_down_to_minAvailable_then_answers_429()
    {
        var ns = await NamespaceWithPodsAsync("evict-min", 3);
        await CreateBudgetAsync(ns, "web", new JsonObject { ["minAvailable"] = 2, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } });
        var status = await WaitForBudgetAsync(ns, "web", s => (long?)s["disruptionsAllowed"] == 1, "one disruption allowed");
        Assert.Equal(3, (long?)status["currentHealthy"]);
        Assert.Equal(2, (long?)status["desiredHealthy"]);
        Assert.Equal(3, (long?)status["expectedPods"]);
        Assert.Equal(1, (long?)status["observedGeneration"]);
        var condition = status["conditions"]![0]!;
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods", ""),
            ((string?)condition["type"], (string?)condition["status"], (string?)condition["reason"], (string?)condition["message"]));

        var (code, body) = await EvictAsync(ns, "web-1");
        Assert.Equal(201, code);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}""", body);
        // The pod was marked, then deleted gracefully; the budget counted the disruption at once.
        var evicted = Cluster.Pod("web-1", ns);
        if (evicted is not null)
        {
            Assert.Equal("EvictionByEvictionAPI", (string?)SimulatedCluster.Condition(evicted, "DisruptionTarget")?["reason"]);
            Assert.NotNull(evicted["metadata"]?["deletionTimestamp"]);
        }
        var afterEviction = Budget(ns, "web")["status"]!;
        Assert.Equal(0, (long?)afterEviction["disruptionsAllowed"]);
        // Recorded as disrupted until the controller sees the pod terminating (which may already have happened).
        Assert.True(afterEviction["disruptedPods"]?["web-1"] is not null || Cluster.Pod("web-1", ns)?["metadata"]?["deletionTimestamp"] is not null ||
                    Cluster.Pod("web-1", ns) is null, afterEviction.ToJsonString());

        // The message quotes the budget's currentHealthy, which the disruption controller recomputes after the eviction.
        await WaitForBudgetAsync(ns, "web", s => (long?)s["currentHealthy"] == 2, "the evicted pod no longer counted healthy");
        (code, body) = await EvictAsync(ns, "web-2");
        Assert.Equal(429, code);
        SameJson("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Cannot evict pod as it would violate the pod's disruption budget.","reason":"TooManyRequests","details":{"causes":[{"reason":"DisruptionBudget","message":"The disruption budget web needs 2 healthy pods and has 2 currently"}]},"code":429}""",
            body);
        Assert.NotNull(Cluster.Pod("web-2", ns));
        await Cluster.WaitUntilAsync(() => Cluster.Pod("web-1", ns) is null, "evicted pod gone");
        status = await WaitForBudgetAsync(ns, "web", s => (long?)s["expectedPods"] == 2, "two pods expected");
        Assert.Equal("InsufficientPods", (string?)status["conditions"]![0]!["reason"]);
        Assert.Null(status["disruptedPods"]);
    }

    [Fact]
    public async Task Dry_run_v1beta1_and_bad_requests_change_nothing()
    {
        var ns = await NamespaceWithPodsAsync("evict-dry", 2);
        await CreateBudgetAsync(ns, "web", new JsonObject { ["maxUnavailable"] = "50%", ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } });
        await Cluster.WaitForPodAsync("web-1", p => p["metadata"]?["ownerReferences"] is null, "unmanaged", ns);
        // A percentage counts the pods' controllers' replicas: these pods have none, so nothing is expected and the
        // controller says why.
        await WaitForBudgetAsync(ns, "web", s => (long?)s["currentHealthy"] == 2 && (long?)s["expectedPods"] == 0, "unmanaged pods counted");
        await Cluster.WaitForEventAsync("web", e => e.Reason == "UnmanagedPods" && e.Message.StartsWith(
            "Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged.",
            StringComparison.Ordinal), "UnmanagedPods", ns);

        var (code, body) = await EvictAsync(ns, "web-1");
        Assert.Equal(429, code);
        Assert.Contains("The disruption budget web needs 0 healthy pods and has 2 currently", body);

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets/web")
        {
            Content = new StringContent("""{"spec":{"maxUnavailable":null,"minAvailable":1}}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        using (var response = await Cluster.Http.SendAsync(patch)) Assert.Equal(200, (int)response.StatusCode);
        await WaitForBudgetAsync(ns, "web", s => (long?)s["disruptionsAllowed"] == 1 && (long?)s["observedGeneration"] == 2, "generation 2 observed");

        (code, body) = await Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/web-1/eviction?dryRun=All", Eviction("web-1"));
        Assert.Equal(201, code);
        (code, _) = await EvictAsync(ns, "web-1", Eviction("web-1", "policy/v1beta1", new JsonObject { ["dryRun"] = new JsonArray("All") }));
        Assert.Equal(201, code);
        Assert.Null(Cluster.Pod("web-1", ns)!["metadata"]?["deletionTimestamp"]);
        Assert.Equal(1, (long?)Budget(ns, "web")["status"]?["disruptionsAllowed"]);

        (code, body) = await EvictAsync(ns, "web-1", Eviction("web-2"));
        Assert.Equal(400, code);
        Assert.Contains("name in URL does not match name in Eviction object", body);
        (code, body) = await EvictAsync(ns, "nope");
        Assert.Equal(404, code);
        SameJson("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \"nope\" not found","reason":"NotFound","details":{"name":"nope","kind":"pods"},"code":404}""", body);

        // A second budget over the same pods: the eviction subresource refuses to choose.
        await CreateBudgetAsync(ns, "other", new JsonObject { ["minAvailable"] = 0, ["selector"] = new JsonObject() });
        (code, body) = await EvictAsync(ns, "web-1");
        Assert.Equal(500, code);
        SameJson("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.","code":500}""", body);

        // deleteOptions are honoured: a stale resourceVersion precondition is a conflict, and the pod stays.
        await Cluster.SendAsync(HttpMethod.Delete, $"/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets/other");
        await Cluster.WaitUntilAsync(() => Cluster.Storage.TryGet(BuiltInResources.PodDisruptionBudgets, ns, "other") is null, "second budget gone");
        (code, body) = await EvictAsync(ns, "web-1", Eviction("web-1", deleteOptions: new JsonObject { ["preconditions"] = new JsonObject { ["resourceVersion"] = "1" } }));
        Assert.Equal(409, code);
        Assert.StartsWith("Operation cannot be fulfilled on Pod \"web-1\": the ResourceVersion in the precondition (1) does not match",
            (string?)JsonNode.Parse(body)!["message"]);
    }

    [Fact]
    public async Task Pending_pods_always_leave_and_unready_ones_without_a_disruption_under_AlwaysAllow()
    {
        var ns = await NamespaceWithPodsAsync("evict-unready", 2);
        // A pod the scheduler cannot place stays Pending; one whose readiness never comes runs unready.
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("pending", customize: p =>
        {
            p["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };
            p["spec"]!["nodeSelector"] = new JsonObject { ["no-such"] = "node" };
        }), ns);
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("slow", customize: p =>
        {
            p["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };
            p["metadata"]!["annotations"] = new JsonObject { ["simulation.coxswain.io/readiness-delay"] = "1h" };
        }), ns);
        await Cluster.WaitForPodAsync("slow", p => (string?)p["status"]?["phase"] == "Running", "running", ns);
        await CreateBudgetAsync(ns, "web", new JsonObject
        {
            ["minAvailable"] = 3, ["unhealthyPodEvictionPolicy"] = "AlwaysAllow",
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
        });
        await WaitForBudgetAsync(ns, "web", s => (long?)s["expectedPods"] == 4 && (long?)s["currentHealthy"] == 2, "counted");

        var (code, body) = await EvictAsync(ns, "pending");
        Assert.True(code == 201, body);
        await Cluster.WaitUntilAsync(() => Cluster.Pod("pending", ns) is null, "pending pod deleted");

        (code, body) = await EvictAsync(ns, "slow");
        Assert.True(code == 201, body);
        Assert.Null(Budget(ns, "web")["status"]?["disruptedPods"]);

        (code, body) = await EvictAsync(ns, "web-1");
        Assert.Equal(429, code);
        Assert.Contains("The disruption budget web needs 3 healthy pods and has 2 currently", body);
    }

    [Fact]
    public async Task Invalid_budgets_are_refused_with_field_errors()
    {
        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/apis/policy/v1/namespaces/default/poddisruptionbudgets", """
            {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"bad"},
             "spec":{"minAvailable":"150%","unhealthyPodEvictionPolicy":"Sometimes","selector":{"matchLabels":{"app":"x"}}}}
            """);
        Assert.Equal(422, code);
        Assert.Equal("PodDisruptionBudget.policy \"bad\" is invalid: [spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%, " +
                     "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Sometimes\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"]",
            (string?)JsonNode.Parse(body)!["message"]);

        (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/apis/policy/v1/namespaces/default/poddisruptionbudgets", """
            {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"bad"},"spec":{"minAvailable":1,"maxUnavailable":1}}
            """);
        Assert.Equal(422, code);
        Assert.EndsWith("minAvailable and maxUnavailable cannot be both set", (string?)JsonNode.Parse(body)!["message"]);
    }
}
