using Coxswain.LocalCluster.Tests.Nodes;
using k8s;
using k8s.Models;
using static Coxswain.LocalCluster.Tests.Workloads.Workloads;

namespace Coxswain.LocalCluster.Tests.Workloads;

/// <summary>The ReplicaSet controller against three simulated nodes, observed over HTTPS.</summary>
public sealed class ReplicaSetControllerTests : IAsyncLifetime
{
    SimulatedCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await SimulatedCluster.StartAsync(kubeControllers: true);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    Task<V1ReplicaSet> ReadAsync(string name) => cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync(name, "default");

    [Fact]
    public async Task Scales_up_and_down_reporting_status_and_upstreams_events()
    {
        await cluster.Client.AppsV1.CreateNamespacedReplicaSetAsync(ReplicaSet("frontend", 3), "default");

        var rs = await EventuallyAsync(() => ReadAsync("frontend"), r => r.Status?.AvailableReplicas == 3, "3 available");
        Assert.Equal(3, rs.Status.Replicas);
        Assert.Equal(3, rs.Status.FullyLabeledReplicas);
        Assert.Equal(3, rs.Status.ReadyReplicas);
        Assert.Equal(rs.Metadata.Generation, rs.Status.ObservedGeneration);
        var pods = await cluster.LivePodsAsync("frontend");
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.StartsWith("frontend-", p.Metadata.Name));
        Assert.All(pods, p => Assert.Equal(rs.Metadata.Uid, p.Metadata.OwnerReferences.Single(o => o.Controller == true).Uid));
        Assert.Equal(3, pods.Select(p => p.Spec.NodeName).Distinct().Count()); // the scheduler spreads one owner's pods

        var created = await EventuallyAsync(() => cluster.EventsAboutAsync("ReplicaSet", "frontend"), e => e.Count(x => x.Reason == "SuccessfulCreate") == 3, "3 SuccessfulCreate");
        Assert.All(created, e => Assert.Matches("^Created pod: frontend-[a-z0-9]{5}$", e.Note));

        await cluster.Client.AppsV1.PatchNamespacedReplicaSetScaleAsync(new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), "frontend", "default");
        rs = await EventuallyAsync(() => ReadAsync("frontend"), r => r.Status?.Replicas == 1 && r.Status.ObservedGeneration == r.Metadata.Generation, "scaled to 1");
        await EventuallyAsync(() => cluster.LivePodsAsync("frontend"), p => p.Count == 1, "one pod left");
        var deleted = await EventuallyAsync(() => cluster.EventsAboutAsync("ReplicaSet", "frontend"), e => e.Count(x => x.Reason == "SuccessfulDelete") == 2, "2 SuccessfulDelete");
        Assert.Contains(deleted, e => e.Reason == "SuccessfulDelete" && e.Note.StartsWith("Deleted pod: frontend-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_matching_orphan_pod_is_adopted_instead_of_creating_another()
    {
        var orphan = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "stray", Labels = new Dictionary<string, string> { ["app"] = "adopter" } },
            Spec = Template("adopter").Spec,
        };
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(orphan, "default");

        var rs = await cluster.Client.AppsV1.CreateNamespacedReplicaSetAsync(ReplicaSet("adopter", 2), "default");

        await EventuallyAsync(() => ReadAsync("adopter"), r => r.Status?.ReadyReplicas == 2, "2 ready");
        var pods = await cluster.LivePodsAsync("adopter");
        Assert.Equal(2, pods.Count);
        var stray = pods.Single(p => p.Metadata.Name == "stray");
        Assert.Equal(rs.Metadata.Uid, stray.Metadata.OwnerReferences.Single().Uid);
    }

    [Fact]
    public async Task Pods_controlled_by_another_ReplicaSet_are_neither_adopted_nor_counted()
    {
        var first = await cluster.Client.AppsV1.CreateNamespacedReplicaSetAsync(ReplicaSet("overlap", 2), "default");
        await EventuallyAsync(() => ReadAsync("overlap"), r => r.Status?.ReadyReplicas == 2, "2 ready");

        // The same selector and template: every pod of the first matches the second.
        var twin = ReplicaSet("overlap-twin", 1);
        (twin.Spec.Selector, twin.Spec.Template) = (Selector("overlap"), Template("overlap"));
        var second = await cluster.Client.AppsV1.CreateNamespacedReplicaSetAsync(twin, "default");

        var status = await EventuallyAsync(() => ReadAsync("overlap-twin"), r => r.Status?.ReadyReplicas == 1, "1 ready");
        Assert.Equal(1, status.Status.Replicas);
        var pods = await EventuallyAsync(() => cluster.LivePodsAsync("overlap"), p => p.Count == 3, "3 pods");
        var controllers = pods.Select(p => p.Metadata.OwnerReferences.Single(o => o.Controller == true).Uid).ToList();
        Assert.Equal(2, controllers.Count(uid => uid == first.Metadata.Uid));
        Assert.Equal(1, controllers.Count(uid => uid == second.Metadata.Uid));
        Assert.Equal(2, (await ReadAsync("overlap")).Status.Replicas);
    }

    [Fact]
    public async Task Creation_failures_set_ReplicaFailure_and_a_FailedCreate_event()
    {
        // A template the ReplicaSet may have but a pod may not be created from (checked on pod creation only).
        var rs = ReplicaSet("broken", 1);
        rs.Spec.Template.Spec.NodeName = "coxswain-worker-1";
        rs.Spec.Template.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/gate" }];
        var created = await cluster.Client.AppsV1.CreateNamespacedReplicaSetAsync(rs, "default");

        var failed = await EventuallyAsync(() => ReadAsync("broken"),
            r => r.Status?.Conditions?.Any(c => c.Type == "ReplicaFailure") == true, "ReplicaFailure");
        var condition = failed.Status.Conditions.Single(c => c.Type == "ReplicaFailure");
        Assert.Equal(("True", "FailedCreate"), (condition.Status, condition.Reason));
        Assert.Contains("cannot be set until all schedulingGates have been cleared", condition.Message);
        var events = await EventuallyAsync(() => cluster.EventsAboutAsync("ReplicaSet", "broken"), e => e.Any(x => x.Reason == "FailedCreate"), "FailedCreate");
        Assert.Contains(events, e => e.Reason == "FailedCreate" && e.Note.StartsWith("Error creating: Pod \"broken-", StringComparison.Ordinal));
        Assert.NotNull(created);
    }
}
