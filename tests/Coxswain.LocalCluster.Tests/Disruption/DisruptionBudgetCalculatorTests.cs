using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Disruption;

namespace Coxswain.LocalCluster.Tests.Disruption;

/// <summary>The disruption controller's arithmetic, on cases whose upstream results are known.</summary>
public sealed class DisruptionBudgetCalculatorTests
{
    static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    static JsonObject Budget(JsonObject spec, JsonObject? status = null, long generation = 1) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "pdb", ["namespace"] = "ns", ["generation"] = generation },
        ["spec"] = spec,
        ["status"] = status ?? new JsonObject(),
    };

    static JsonObject Pod(string name, bool ready = true, string? owner = "rs-uid", bool terminating = false)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = "ns" };
        if (owner is not null)
            meta["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps.kruise.io/v1alpha1", ["kind"] = "CloneSet", ["name"] = "cs", ["uid"] = owner, ["controller"] = true,
            });
        if (terminating) meta["deletionTimestamp"] = KubeTime.Format(Now);
        return new JsonObject
        {
            ["metadata"] = meta,
            ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }) },
        };
    }

    static (ControllerScale?, string?) ScaleOf(int replicas, JsonObject controllerRef, string ns) =>
        (new ControllerScale((string)controllerRef["uid"]!, replicas), null);

    /// <summary>A counter of the status, however it was created (values built in code are ints, parsed ones longs).</summary>
    static long N(JsonNode? node) => Coxswain.LocalCluster.Validation.JsonFields.AsLong(node!.AsValue()) ?? throw new InvalidOperationException("not a number");

    static JsonObject Sync(JsonObject budget, params JsonObject[] pods) =>
        DisruptionBudgetCalculator.Sync(budget, pods, (r, ns) => ScaleOf(5, r, ns), Now).Status;

    [Fact]
    public void Integer_minAvailable_counts_the_matching_pods()
    {
        var status = Sync(Budget(new JsonObject { ["minAvailable"] = 2 }), Pod("a"), Pod("b"), Pod("c", ready: false));
        Assert.Equal("""{"observedGeneration":1,"disruptionsAllowed":0,"currentHealthy":2,"desiredHealthy":2,"expectedPods":3,"conditions":[{"type":"DisruptionAllowed","status":"False","observedGeneration":1,"lastTransitionTime":"2026-01-02T03:04:05Z","reason":"InsufficientPods","message":""}]}""",
            status.ToJsonString());
    }

    [Theory]
    [InlineData("minAvailable", "50%", 3, 1)]   // ceil(5 * 50%) = 3 desired of 4 healthy
    [InlineData("maxUnavailable", "30%", 3, 1)] // 5 - ceil(1.5) = 3
    [InlineData("maxUnavailable", "1", 4, 0)]
    public void Percentages_and_maxUnavailable_scale_against_the_controllers_replicas(string field, string value, long desired, long allowed)
    {
        JsonNode node = int.TryParse(value, out var n) ? JsonValue.Create(n) : JsonValue.Create(value);
        var status = Sync(Budget(new JsonObject { [field] = node }), Pod("a"), Pod("b"), Pod("c"), Pod("d"));
        Assert.Equal((desired, allowed, 5L, 4L),
            (N(status["desiredHealthy"]!), N(status["disruptionsAllowed"]!), N(status["expectedPods"]!), N(status["currentHealthy"]!)));
        Assert.Equal(allowed > 0 ? "SufficientPods" : "InsufficientPods", (string?)status["conditions"]![0]!["reason"]);
    }

    [Fact]
    public void Recently_evicted_and_terminating_pods_are_not_healthy_and_overdue_evictions_are_dropped()
    {
        var disrupted = new JsonObject
        {
            ["a"] = KubeTime.Format(Now.AddSeconds(-30)),
            ["b"] = KubeTime.Format(Now.AddMinutes(-3)),
        };
        var result = DisruptionBudgetCalculator.Sync(Budget(new JsonObject { ["minAvailable"] = 1 }, new JsonObject { ["disruptedPods"] = disrupted }),
            [Pod("a"), Pod("b"), Pod("c", terminating: true)], (r, ns) => ScaleOf(3, r, ns), Now);
        Assert.Equal(1, N(result.Status["currentHealthy"]!)); // only b: a was just evicted, c is terminating
        Assert.Equal("""{"a":"2026-01-02T03:03:35Z"}""", result.Status["disruptedPods"]!.ToJsonString());
        Assert.Equal(Now.AddSeconds(90), result.RecheckAt);
        Assert.Contains(result.Events, e => e is { PodName: "b", Reason: "NotDeleted", Message: "Pod was expected by PDB ns/ns to be deleted but it wasn't" });
    }

    [Fact]
    public void A_controller_that_cannot_be_found_fails_safe_keeping_the_last_counts()
    {
        var budget = Budget(new JsonObject { ["minAvailable"] = "10%" }, new JsonObject { ["disruptionsAllowed"] = 2, ["currentHealthy"] = 4 });
        var result = DisruptionBudgetCalculator.Sync(budget, [Pod("a")], (_, _) => (null, "no matches for kind \"CloneSet\" in version \"apps.kruise.io/v1alpha1\""), Now);
        Assert.Equal(0, N(result.Status["disruptionsAllowed"]!));
        Assert.Equal(4, N(result.Status["currentHealthy"]!));
        var condition = result.Status["conditions"]![0]!;
        Assert.Equal(("False", "SyncFailed", "no matches for kind \"CloneSet\" in version \"apps.kruise.io/v1alpha1\""),
            ((string?)condition["status"], (string?)condition["reason"], (string?)condition["message"]));
        Assert.Contains(result.Events, e => e.Reason == "CalculateExpectedPodCountFailed");

        var missing = DisruptionBudgetCalculator.Sync(budget, [Pod("a")], (_, _) => (null, null), Now);
        Assert.Equal("found no controllers for pod \"a\"", (string?)missing.Status["conditions"]![0]!["message"]);
    }

    [Fact]
    public void No_pods_is_reported_and_allows_nothing()
    {
        var result = DisruptionBudgetCalculator.Sync(Budget(new JsonObject { ["maxUnavailable"] = 1 }), [], (r, ns) => ScaleOf(1, r, ns), Now);
        Assert.Equal(0, N(result.Status["disruptionsAllowed"]!));
        Assert.Contains(result.Events, e => e is { PodName: null, Type: "Normal", Reason: "NoPods", Message: "No matching pods found" });
    }

    [Fact]
    public void A_condition_keeps_its_transition_time_while_its_status_holds()
    {
        var first = Sync(Budget(new JsonObject { ["minAvailable"] = 1 }), Pod("a"), Pod("b"));
        first["conditions"]![0]!["lastTransitionTime"] = "2020-01-01T00:00:00Z";
        var second = Sync(Budget(new JsonObject { ["minAvailable"] = 1 }, first.DeepClone().AsObject()), Pod("a"), Pod("b"));
        Assert.Equal("2020-01-01T00:00:00Z", (string?)second["conditions"]![0]!["lastTransitionTime"]);
        var flipped = Sync(Budget(new JsonObject { ["minAvailable"] = 2 }, first.DeepClone().AsObject(), generation: 2), Pod("a"), Pod("b"));
        Assert.Equal(("False", "2026-01-02T03:04:05Z", 2L),
            ((string?)flipped["conditions"]![0]!["status"], (string?)flipped["conditions"]![0]!["lastTransitionTime"], N(flipped["observedGeneration"]!)));
    }
}
