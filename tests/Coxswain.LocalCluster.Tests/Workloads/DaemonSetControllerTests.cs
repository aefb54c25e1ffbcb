using Coxswain.LocalCluster.Tests.Nodes;
using k8s;
using k8s.Models;
using static Coxswain.LocalCluster.Tests.Workloads.Workloads;

namespace Coxswain.LocalCluster.Tests.Workloads;

/// <summary>The DaemonSet controller against simulated nodes that come and go, over HTTPS.</summary>
public sealed class DaemonSetControllerTests : IAsyncLifetime
{
    SimulatedCluster cluster = null!;

    // Each test starts the controllers itself: one runs them through a client whose traffic it slows down.
    public async Task InitializeAsync() => cluster = await SimulatedCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    Task<V1DaemonSet> ReadAsync(string name) => cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync(name, "default");

    /// <summary>
    /// Waits (polling the DaemonSet alone, not to load the server) until it is settled on <paramref name="nodes"/> nodes;
    /// a timeout says where its pods are and how the nodes look.
    /// </summary>
    async Task<V1DaemonSet> WaitSettledAsync(string name, int nodes, string what)
    {
        try
        {
            // A minute, not the usual 30 s: on a loaded machine the simulated kubelets alone can take that long to run 3 pods.
            return await EventuallyAsync(() => ReadAsync(name), d => Settled(d, nodes), what, TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await DescribeAsync(name)}", e);
        }
    }

    async Task<string> DescribeAsync(string name)
    {
        var pods = (await cluster.PodsAsync(name)).Select(p =>
            $"pod {p.Metadata.Name} node={DaemonNode(p)} hash={p.Metadata.Labels["controller-revision-hash"]} phase={p.Status?.Phase} " +
            $"ready={p.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status} deleting={p.Metadata.DeletionTimestamp is not null}");
        var nodes = (await cluster.Client.CoreV1.ListNodeAsync()).Items.Select(n =>
            $"node {n.Metadata.Name} ready={n.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status} " +
            $"taints={string.Join(",", (n.Spec?.Taints ?? []).Select(t => $"{t.Key}:{t.Effect}"))}");
        return string.Join("\n", pods.Concat(nodes));
    }

    static string? DaemonNode(V1Pod pod) => pod.Spec.NodeName
        ?? pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms?[0].MatchFields?[0].Values?[0];

    static bool Settled(V1DaemonSet ds, int nodes) =>
        ds.Status is { } s && s.ObservedGeneration == ds.Metadata.Generation && s.DesiredNumberScheduled == nodes
        && s.CurrentNumberScheduled == nodes && s.NumberReady == nodes && s.NumberAvailable == nodes && s.UpdatedNumberScheduled == nodes;

    [Fact]
    public async Task One_pod_runs_on_every_node_including_nodes_that_join_and_none_on_nodes_that_leave()
    {
        cluster.StartKubeControllers();
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("agent"), "default");
        var ds = await WaitSettledAsync("agent", 3, "3 daemon pods");
        Assert.Equal(0, ds.Status.NumberMisscheduled);
        var pods = await cluster.LivePodsAsync("agent");
        Assert.Equal(cluster.Nodes.Names.Order(), pods.Select(p => p.Spec.NodeName).Order());
        var revision = (await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync("default", labelSelector: "app=agent")).Items.Single();
        Assert.Equal("agent-" + revision.Metadata.Labels["controller-revision-hash"], revision.Metadata.Name);
        Assert.All(pods, p => Assert.Equal(revision.Metadata.Labels["controller-revision-hash"], p.Metadata.Labels["controller-revision-hash"]));
        Assert.All(pods, p => Assert.Contains(p.Spec.Tolerations, t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute"));

        var added = await cluster.Nodes.AddNodeAsync();
        await WaitSettledAsync("agent", 4, "a pod on the new node");
        Assert.Contains(await cluster.LivePodsAsync("agent"), p => p.Spec.NodeName == added);

        await cluster.Nodes.RemoveNodeAsync("coxswain-worker-1");
        await WaitSettledAsync("agent", 3, "back to 3 nodes");
        await EventuallyAsync(() => cluster.PodsAsync("agent"), p => p.All(pod => pod.Spec.NodeName != "coxswain-worker-1"), "no pod left on the removed node");
    }

    [Fact]
    public async Task A_node_selector_limits_the_nodes_and_a_relabelled_node_gains_or_loses_its_pod()
    {
        cluster.StartKubeControllers();
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(
            DaemonSet("zoned", s => s.Template.Spec.NodeSelector = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = "zone-a" }), "default");
        await WaitSettledAsync("zoned", 1, "one node in zone-a");

        await cluster.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"topology.kubernetes.io/zone":"zone-a"}}}""", V1Patch.PatchType.MergePatch), "coxswain-worker-2");
        await WaitSettledAsync("zoned", 2, "a second node in zone-a");

        await cluster.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"topology.kubernetes.io/zone":"zone-b"}}}""", V1Patch.PatchType.MergePatch), "coxswain-worker-1");
        await WaitSettledAsync("zoned", 1, "zone-a down to one node");
        await EventuallyAsync(() => cluster.LivePodsAsync("zoned"), p => p.Count == 1 && p[0].Spec.NodeName == "coxswain-worker-2", "the pod moved");
    }

    [Fact]
    public async Task A_rolling_update_replaces_pods_at_most_maxUnavailable_at_a_time_under_a_new_revision()
    {
        cluster.StartKubeControllers();
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("rolling"), "default");
        await WaitSettledAsync("rolling", 3, "3 daemon pods");

        await using var watcher = await PodWatcher.StartAsync(cluster.Client, "rolling", (pods, _, _) =>
        {
            var ready = pods.Count(p => p.Metadata.DeletionTimestamp is null && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
            return ready < 2 ? $"only {ready} daemon pods ready with maxUnavailable 1" : null;
        });
        await cluster.Client.AppsV1.PatchNamespacedDaemonSetAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"busybox:1.37"}]}}}}""", V1Patch.PatchType.MergePatch), "rolling", "default");

        await WaitSettledAsync("rolling", 3, "3 updated daemon pods");
        Assert.Null(watcher.Violation);
        var revisions = (await cluster.Client.AppsV1.ListNamespacedControllerRevisionAsync("default", labelSelector: "app=rolling")).Items;
        Assert.Equal([1L, 2L], revisions.Select(r => r.Revision).Order());
        var current = revisions.Single(r => r.Revision == 2).Metadata.Labels["controller-revision-hash"];
        Assert.All(await cluster.LivePodsAsync("rolling"), p => Assert.Equal(("busybox:1.37", current), (p.Spec.Containers[0].Image, p.Metadata.Labels["controller-revision-hash"])));
    }

    [Fact]
    public async Task A_rolling_update_completes_while_the_controllers_cache_of_pods_lags_behind()
    {
        // Pod events reach the controller late, and while the new revision is not cached yet every sync spends two slow
        // ControllerRevision calls finding it, so the sync after each delete spans the arrival of that delete. The sync must act on a pod cache read after its
        // expectations were found satisfied (never before): a cache read first still holds the deleted pod, which was
        // deleted again and expected to vanish a second time, and the rollout stalled with that node empty.
        cluster.StartKubeControllers(
            new SlowWatch("pods", TimeSpan.FromMilliseconds(300)),
            new SlowWatch("controllerrevisions", TimeSpan.FromSeconds(3)),
            new SlowRequests("controllerrevisions", TimeSpan.FromMilliseconds(600)));
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("lagging"), "default");
        await WaitSettledAsync("lagging", 3, "3 daemon pods");

        await cluster.Client.AppsV1.PatchNamespacedDaemonSetAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"busybox:1.37"}]}}}}""", V1Patch.PatchType.MergePatch), "lagging", "default");

        await WaitSettledAsync("lagging", 3, "3 updated daemon pods");
        Assert.All(await cluster.LivePodsAsync("lagging"), p => Assert.Equal("busybox:1.37", p.Spec.Containers[0].Image));
    }

    [Fact]
    public async Task OnDelete_updates_a_node_only_when_its_pod_is_deleted()
    {
        cluster.StartKubeControllers();
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(
            DaemonSet("manual", s => s.UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "OnDelete" }), "default");
        await WaitSettledAsync("manual", 3, "3 daemon pods");

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
