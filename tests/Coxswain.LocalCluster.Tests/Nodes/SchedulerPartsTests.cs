using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Scheduling;
using Coxswain.LocalCluster.Scheduling.Filters;
using FsCheck;
using FsCheck.Fluent;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>The scheduler's pieces on their own: requests, filters, taint matching and the failure message.</summary>
public sealed class SchedulerPartsTests
{
    static SchedulingPod PodOf(string json) => SchedulingPod.From(JsonNode.Parse(json)!.AsObject());

    static NodeInfo NodeOf(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var info = new NodeInfo((string?)node["metadata"]?["name"] ?? "n");
        info.Update(node);
        return info;
    }

    const string SmallNode = """
        {"metadata":{"name":"n1","labels":{"zone":"a"}},"status":{"allocatable":{"cpu":"2","memory":"4Gi","pods":"2"}}}
        """;

    [Fact]
    public void Pod_requests_count_init_containers_at_their_peak_and_sidecars_all_along()
    {
        var pod = PodOf("""
            {"metadata":{"name":"p"},"spec":{
              "initContainers":[
                {"name":"sidecar","restartPolicy":"Always","resources":{"requests":{"cpu":"100m"}}},
                {"name":"migrate","resources":{"requests":{"cpu":"1","memory":"1Gi"}}}],
              "containers":[{"name":"a","resources":{"requests":{"cpu":"200m","memory":"100Mi"}}},{"name":"b"}],
              "overhead":{"cpu":"10m"}}}
            """);
        // max(app 200m + sidecar 100m, migrate 1 + sidecar 100m) + overhead 10m
        Assert.Equal(1110, pod.Requests.MilliCpu);
        Assert.Equal(1024L * 1024 * 1024, pod.Requests.MemoryBytes);
        // Scoring counts the request-less container as 100m and 200Mi; an explicit zero stays zero, as upstream.
        var defaulted = PodOf("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"200m"}}},{"name":"b"},{"name":"c","resources":{"requests":{"memory":"0"}}}]}}""");
        Assert.Equal(400, defaulted.NonZeroRequests.MilliCpu);
        Assert.Equal(2 * 200L * 1024 * 1024, defaulted.NonZeroRequests.MemoryBytes);
        // Quantities round up to the held unit, as Quantity.MilliValue() and Value() do.
        Assert.Equal(1, PodOf("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"0.1m","memory":"1.5"}}}]}}""").Requests.MilliCpu);
    }

    [Fact]
    public void Least_allocated_truncates_each_resource_score_then_averages_as_upstream()
    {
        // cpu: (2000 - 1100) * 100 / 2000 = 45; memory: (3000 - 1000) * 100 / 3000 = 66 (66.6 truncated); (45 + 66) / 2 = 55.
        var node = NodeOf("""{"metadata":{"name":"n1"},"status":{"allocatable":{"cpu":"2","memory":"3k","pods":"10"}}}""");
        node.AddPod(PodOf("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1","memory":"500"}}}]}}"""));
        var pod = PodOf("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"100m","memory":"500"}}}]}}""");
        var scores = new long[1];
        new Coxswain.LocalCluster.Scheduling.Scores.LeastAllocatedScorer().Score(pod, [node], scores);
        Assert.Equal(55, scores[0]);
        // Balanced: |1100/2000 - 1000/3000| / 2 = 0.1083..., (1 - 0.1083) * 100 = 89.
        new Coxswain.LocalCluster.Scheduling.Scores.BalancedAllocationScorer().Score(pod, [node], scores);
        Assert.Equal(89, scores[0]);
    }

    [Fact]
    public void Resource_fit_reports_every_shortfall()
    {
        var node = NodeOf(SmallNode);
        node.AddPod(PodOf("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1500m"}}}]}}"""));
        node.AddPod(PodOf("""{"spec":{"containers":[{"name":"a"}]}}"""));
        var failure = new NodeResourcesFitFilter().Check(
            PodOf("""{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1","memory":"8Gi","example.com/gpu":"1"}}}]}}"""), node);
        Assert.Equal(["Too many pods", "Insufficient cpu", "Insufficient memory", "Insufficient example.com/gpu"], failure!.Reasons);
        Assert.False(failure.Unresolvable);
    }

    [Fact]
    public void Node_affinity_terms_are_ored_and_their_expressions_anded()
    {
        var node = NodeOf("""{"metadata":{"name":"n1","labels":{"zone":"a","gen":"5"}},"status":{}}""");
        bool Matches(string terms) => NodeAffinityFilter.Matches(PodOf(
            """{"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":""" + terms + "}}}}}"), node);

        Assert.True(Matches("""[{"matchExpressions":[{"key":"zone","operator":"In","values":["a","b"]},{"key":"gen","operator":"Gt","values":["4"]}]}]"""));
        Assert.False(Matches("""[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]},{"key":"gen","operator":"Lt","values":["4"]}]}]"""));
        Assert.True(Matches("""[{"matchExpressions":[{"key":"ssd","operator":"Exists"}]},{"matchFields":[{"key":"metadata.name","operator":"In","values":["n1"]}]}]"""));
        Assert.False(Matches("""[{"matchExpressions":[{"key":"zone","operator":"DoesNotExist"}]}]"""));
        Assert.False(Matches("""[{}]""")); // an empty term matches nothing
    }

    [Fact]
    public void Tolerations_match_taints_by_key_value_and_effect()
    {
        var taint = new Taint("dedicated", "infra", Taint.NoSchedule);
        Assert.True(new Toleration("dedicated", "Equal", "infra", "NoSchedule", null).Tolerates(taint));
        Assert.True(new Toleration("dedicated", "Exists", "", "", null).Tolerates(taint));
        Assert.True(new Toleration("", "Exists", "", "", null).Tolerates(taint)); // tolerates everything
        Assert.False(new Toleration("dedicated", "Equal", "db", "NoSchedule", null).Tolerates(taint));
        Assert.False(new Toleration("dedicated", "Equal", "infra", "NoExecute", null).Tolerates(taint));
    }

    [Fact]
    public void An_Exists_toleration_without_a_key_tolerates_any_taint()
    {
        var names = Gen.Elements("a", "b", "example.com/x");
        var effects = Gen.Elements(Taint.NoSchedule, Taint.PreferNoSchedule, Taint.NoExecute);
        var taints = from key in names from value in Gen.Elements("", "v") from effect in effects select new Taint(key, value, effect);
        Prop.ForAll(taints.ToArbitrary(), t => new Toleration("", "Exists", "", "", null).Tolerates(t) &&
                                               new Toleration(t.Key, "Exists", "", t.Effect, null).Tolerates(t))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_failure_message_counts_reasons_over_nodes_and_sorts_them_as_text()
    {
        var pod = PodOf("""{"spec":{"containers":[{"name":"a"}]}}""");
        var message = FailedSchedulingMessage.Describe(pod, 12,
        [
            FilterFailure.UnresolvableBy("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"),
            .. Enumerable.Repeat(FilterFailure.ResolvableBy("Insufficient cpu", "Insufficient memory"), 10),
            FilterFailure.UnresolvableBy("node(s) didn't match Pod's node affinity/selector"),
        ]);
        Assert.Equal("0/12 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, " +
                     "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 10 Insufficient cpu, 10 Insufficient memory. " +
                     "preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
            message);
        Assert.Equal("no nodes available to schedule pods", FailedSchedulingMessage.Describe(pod, 0, []));
    }
}
