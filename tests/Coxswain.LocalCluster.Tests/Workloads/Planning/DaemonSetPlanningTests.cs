using Coxswain.KubeControllers.DaemonSets;
using k8s.Models;
using static Coxswain.LocalCluster.Tests.Workloads.Planning.PlanningObjects;

namespace Coxswain.LocalCluster.Tests.Workloads.Planning;

public sealed class DaemonSetPlanningTests
{
    static readonly V1Node[] Nodes = [Node("n1"), Node("n2"), Node("n3", zone: "zone-b")];

    [Fact]
    public void Untolerated_taints_keep_new_pods_away_and_evict_only_for_NoExecute()
    {
        var ds = DaemonSet();
        Assert.Equal((false, true), DaemonPodPlacement.NodeShouldRunDaemonPod(Node("n", taints: new V1Taint { Key = "dedicated", Value = "db", Effect = "NoSchedule" }), ds));
        Assert.Equal((false, false), DaemonPodPlacement.NodeShouldRunDaemonPod(Node("n", taints: new V1Taint { Key = "dedicated", Value = "db", Effect = "NoExecute" }), ds));
        // Daemons tolerate cordoned and unreachable nodes by default.
        Assert.Equal((true, true), DaemonPodPlacement.NodeShouldRunDaemonPod(Node("n", taints: new V1Taint { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" }), ds));
        Assert.Equal((true, true), DaemonPodPlacement.NodeShouldRunDaemonPod(Node("n", taints: new V1Taint { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" }), ds));
    }

    [Fact]
    public void Node_affinity_and_the_pinned_node_of_a_pod_are_read_like_upstream()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.Affinity = new V1Affinity { NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
        {
            NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "topology.kubernetes.io/zone", OperatorProperty = "NotIn", Values = ["zone-b"] }] }],
        } } };
        Assert.Equal(["n1", "n2"], Nodes.Where(n => DaemonPodPlacement.NodeShouldRunDaemonPod(n, ds).ShouldRun).Select(n => n.Metadata.Name));

        var spec = new V1PodSpec();
        DaemonPodPlacement.PinToNode(spec, "n2");
        Assert.Equal("n2", DaemonPodPlacement.TargetNodeName(new V1Pod { Spec = spec }));
    }

    [Fact]
    public void Missing_pods_are_created_and_extra_ones_deleted_keeping_the_oldest()
    {
        var ds = DaemonSet();
        var pods = DaemonSetPlanner.PodsByNode([DaemonPod("a", "n1", "h1", ageMinutes: 20), DaemonPod("b", "n1", "h1", ageMinutes: 5), DaemonPod("c", "n2", "h1")]);

        var plan = DaemonSetPlanner.Manage(ds, Nodes, pods, "h1", Now);

        Assert.Equal(["n3"], plan.NodesNeedingPods);
        Assert.Equal(["b"], plan.PodsToDelete.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void A_rolling_update_without_surge_deletes_old_pods_within_maxUnavailable()
    {
        var ds = DaemonSet(maxUnavailable: 1);
        var allOld = DaemonSetPlanner.PodsByNode([DaemonPod("a", "n1", "old"), DaemonPod("b", "n2", "old"), DaemonPod("c", "n3", "old")]);
        Assert.Single(DaemonSetPlanner.RollingUpdate(ds, Nodes, allOld, "new", Now).PodsToDelete);

        var oneUpdating = DaemonSetPlanner.PodsByNode([DaemonPod("a", "n1", "new", available: false), DaemonPod("b", "n2", "old"), DaemonPod("c", "n3", "old")]);
        Assert.Empty(DaemonSetPlanner.RollingUpdate(ds, Nodes, oneUpdating, "new", Now).PodsToDelete);

        var oldUnavailable = DaemonSetPlanner.PodsByNode([DaemonPod("a", "n1", "new", available: false), DaemonPod("b", "n2", "old", available: false), DaemonPod("c", "n3", "old")]);
        Assert.Equal(["b"], DaemonSetPlanner.RollingUpdate(ds, Nodes, oldUnavailable, "new", Now).PodsToDelete.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void A_rolling_update_with_surge_starts_new_pods_beside_old_ones_and_removes_the_old_once_available()
    {
        var ds = DaemonSet(maxUnavailable: 0, maxSurge: 1);
        var allOld = DaemonSetPlanner.PodsByNode([DaemonPod("a", "n1", "old"), DaemonPod("b", "n2", "old"), DaemonPod("c", "n3", "old")]);
        var first = DaemonSetPlanner.RollingUpdate(ds, Nodes, allOld, "new", Now);
        Assert.Equal((1, 0), (first.NodesNeedingPods.Count, first.PodsToDelete.Count));

        var surged = DaemonSetPlanner.PodsByNode([DaemonPod("a", "n1", "old"), DaemonPod("a2", "n1", "new"), DaemonPod("b", "n2", "old"), DaemonPod("c", "n3", "old")]);
        var second = DaemonSetPlanner.RollingUpdate(ds, Nodes, surged, "new", Now);
        Assert.Equal(["a"], second.PodsToDelete.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Status_counts_each_nodes_oldest_pod_and_misscheduled_nodes()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "zone-a" };
        var pods = DaemonSetPlanner.PodsByNode([DaemonPod("a", "n1", "new"), DaemonPod("b", "n2", "old", available: false), DaemonPod("c", "n3", "old")]);

        var status = DaemonSetPlanner.Status(ds, Nodes, pods, "new", Now, updateObservedGeneration: true);

        Assert.Equal((2, 2, 1, 1, 1, 1, 1, 2L),
            (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.NumberMisscheduled, status.NumberReady,
             status.NumberAvailable ?? 0, status.UpdatedNumberScheduled ?? 0, status.NumberUnavailable ?? 0, status.ObservedGeneration ?? 0));
    }
}
