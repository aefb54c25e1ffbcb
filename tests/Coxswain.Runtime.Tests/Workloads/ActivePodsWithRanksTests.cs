using Coxswain.Runtime.Workloads;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;
using static Coxswain.Runtime.Tests.Workloads.WorkloadPods;

namespace Coxswain.Runtime.Tests.Workloads;

public sealed class ActivePodsWithRanksTests
{
    [Fact]
    public void Pods_are_deleted_in_upstreams_order()
    {
        var pods = new List<V1Pod>
        {
            Pod("ready-long-ago", readySince: Now.AddDays(-10)),
            Pod("ready-recently", readySince: Now.AddMinutes(-1)),
            Pod("not-ready"),
            Pod("pending", phase: "Pending"),
            Pod("unscheduled", node: null, phase: "Pending"),
            Pod("expensive", readySince: Now.AddMinutes(-1), deletionCost: "100"),
        };

        pods.Sort(new ActivePodsWithRanks(now: Now));

        Assert.Equal(["unscheduled", "pending", "not-ready", "ready-recently", "ready-long-ago", "expensive"], pods.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Doubled_up_pods_go_before_pods_alone_on_their_node()
    {
        var alone = Pod("alone", node: "n1", readySince: Now.AddDays(-1));
        var crowded = Pod("crowded", node: "n2", readySince: Now.AddDays(-1));
        var ranks = ActivePodsWithRanks.RanksByRelatedPodsOnSameNode([alone, crowded], [alone, crowded, Pod("other", node: "n2")]);

        Assert.True(new ActivePodsWithRanks(ranks, Now).Compare(crowded, alone) < 0);
    }

    [Fact]
    public void Restarts_then_creation_time_break_ties()
    {
        var restarted = Pod("restarted", restarts: 3);
        var young = Pod("young", created: Now.AddSeconds(-5));
        var old = Pod("old", created: Now.AddDays(-5));
        var pods = new List<V1Pod> { old, young, restarted };

        pods.Sort(new ActivePodsWithRanks(now: Now));

        Assert.Equal(["restarted", "young", "old"], pods.Select(p => p.Metadata.Name));
    }

    [Property]
    public Property The_order_is_antisymmetric()
    {
        var pods = Gen.Elements(
            Pod("a"), Pod("b", phase: "Pending"), Pod("c", node: null), Pod("d", readySince: Now.AddMinutes(-3)),
            Pod("e", readySince: Now.AddDays(-3)), Pod("f", restarts: 2), Pod("g", deletionCost: "-5"));
        return Prop.ForAll(Gen.Two(pods).ToArbitrary(), pair =>
        {
            var comparer = new ActivePodsWithRanks(now: Now);
            return comparer.Compare(pair.Item1, pair.Item2) == -comparer.Compare(pair.Item2, pair.Item1);
        });
    }
}
