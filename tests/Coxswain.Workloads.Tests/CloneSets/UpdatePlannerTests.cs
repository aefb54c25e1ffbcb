using Coxswain.Apis.Apps.Pub;
using Coxswain.Workloads.CloneSets;
using k8s.Models;
using static Coxswain.Workloads.Tests.Support.TestPods;

namespace Coxswain.Workloads.Tests.CloneSets;

public class UpdatePlannerTests
{
    static V1Pod[] Pods(int count, string revision) =>
        Enumerable.Range(0, count).Select(i => Pod($"web-{i}", revision)).ToArray();

    [Fact]
    public void Default_maxUnavailable_20_percent_updates_one_of_five_at_a_time()
    {
        var plan = UpdatePlanner.Plan(CloneSet(5), Pods(5, "r1"), "r1", "r2", Now);
        Assert.Equal("r2", plan.TargetRevision);
        Assert.Single(plan.Pods);
    }

    [Fact]
    public void Partition_holds_its_pods_at_the_old_revision()
    {
        var cloneSet = CloneSet(5, partition: 2, maxUnavailable: 5);
        Assert.Equal(3, UpdatePlanner.Plan(cloneSet, Pods(5, "r1"), "r1", "r2", Now).Pods.Count);
        var done = Pods(3, "r2").Concat([Pod("web-8", "r1"), Pod("web-9", "r1")]).ToArray();
        Assert.Empty(UpdatePlanner.Plan(cloneSet, done, "r1", "r2", Now).Pods);
        // A percentage rounds up: 30% of 5 keeps 2.
        Assert.Equal(3, UpdatePlanner.Plan(CloneSet(5, partition: "30%", maxUnavailable: 5), Pods(5, "r1"), "r1", "r2", Now).Pods.Count);
    }

    [Fact]
    public void Paused_updates_nothing()
    {
        var cloneSet = CloneSet(3, maxUnavailable: 3);
        cloneSet.Spec.UpdateStrategy.Paused = true;
        Assert.Empty(UpdatePlanner.Plan(cloneSet, Pods(3, "r1"), "r1", "r2", Now).Pods);
    }

    [Fact]
    public void Unavailable_pods_go_first_and_do_not_use_the_budget()
    {
        var pods = new[] { Pod("web-0", "r1"), Pod("web-1", "r1", ready: false), Pod("web-2", "r1") };
        var plan = UpdatePlanner.Plan(CloneSet(3, maxUnavailable: 1), pods, "r1", "r2", Now);
        Assert.Equal(["web-1"], plan.Pods.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void An_unavailable_updated_pod_blocks_further_updates()
    {
        var pods = new[] { Pod("web-0", "r2", ready: false), Pod("web-1", "r1"), Pod("web-2", "r1") };
        Assert.Empty(UpdatePlanner.Plan(CloneSet(3, maxUnavailable: 1), pods, "r1", "r2", Now).Pods);
    }

    [Fact]
    public void Weight_priority_orders_the_update()
    {
        var cloneSet = CloneSet(3, maxUnavailable: 3);
        cloneSet.Spec.UpdateStrategy.PriorityStrategy = new UpdatePriorityStrategy
        {
            WeightPriority =
            [
                new UpdatePriorityWeightTerm { Weight = 50, MatchSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["tier"] = "canary" } } },
            ],
        };
        var pods = new[] { Pod("web-0", "r1"), Pod("web-1", "r1", labels: new Dictionary<string, string> { ["tier"] = "canary" }), Pod("web-2", "r1") };
        Assert.Equal("web-1", UpdatePlanner.Plan(cloneSet, pods, "r1", "r2", Now).Pods[0].Metadata.Name);
    }

    [Fact]
    public void Order_priority_updates_larger_numbers_first()
    {
        var cloneSet = CloneSet(3, maxUnavailable: 3);
        cloneSet.Spec.UpdateStrategy.PriorityStrategy = new UpdatePriorityStrategy { OrderPriority = [new UpdatePriorityOrderTerm { OrderedKey = "order" }] };
        var pods = new[] { "sts-1", "sts-10", "sts-2" }.Select((v, i) => Pod($"web-{i}", "r1", labels: new Dictionary<string, string> { ["order"] = v })).ToArray();
        Assert.Equal(["web-1", "web-2", "web-0"], UpdatePlanner.Plan(cloneSet, pods, "r1", "r2", Now).Pods.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Scatter_spreads_matching_pods_over_the_order()
    {
        var cloneSet = CloneSet(4, maxUnavailable: 4);
        cloneSet.Spec.UpdateStrategy.ScatterStrategy = [new UpdateScatterTerm { Key = "zone", Value = "a" }];
        var pods = new[] { ("a", 0), ("a", 1), ("b", 2), ("b", 3) }
            .Select(p => Pod($"web-{p.Item2}", "r1", labels: new Dictionary<string, string> { ["zone"] = p.Item1 })).ToArray();
        var order = UpdatePlanner.Plan(cloneSet, pods, "r1", "r2", Now).Pods.Select(p => p.Metadata.Labels["zone"]).ToList();
        Assert.Equal(["b", "a", "b", "a"], order);
    }
}
