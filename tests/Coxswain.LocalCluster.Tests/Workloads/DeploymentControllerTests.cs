using Coxswain.LocalCluster.Tests.Nodes;
using k8s;
using k8s.Models;
using static Coxswain.LocalCluster.Tests.Workloads.Workloads;

namespace Coxswain.LocalCluster.Tests.Workloads;

/// <summary>The Deployment controller (with the ReplicaSet controller) against three simulated nodes, over HTTPS.</summary>
public sealed class DeploymentControllerTests : IAsyncLifetime
{
    SimulatedCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await SimulatedCluster.StartAsync(kubeControllers: true);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    static bool Ready(V1Pod p) => p.Metadata.DeletionTimestamp is null && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    static string Hash(V1Pod p) => p.Metadata.Labels.TryGetValue("pod-template-hash", out var h) ? h : "";

    [Fact]
    public async Task A_rolling_update_stays_within_maxSurge_and_maxUnavailable_at_every_step()
    {
        const int replicas = 4;
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("roll", replicas, s => s.Strategy = new V1DeploymentStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1, MaxUnavailable = 1 },
        }), "default");
        var first = await cluster.WaitForRolloutAsync("roll");
        Assert.Equal("1", first.Metadata.Annotations["deployment.kubernetes.io/revision"]);

        await using (var watcher = await PodWatcher.StartAsync(cluster.Client, "roll", (pods, _, _) =>
        {
            var live = pods.Count(p => p.Metadata.DeletionTimestamp is null);
            var ready = pods.Count(Ready);
            if (live > replicas + 1) return $"{live} pods exist, more than replicas + maxSurge = {replicas + 1}";
            return ready < replicas - 1 ? $"only {ready} pods are ready, fewer than replicas - maxUnavailable = {replicas - 1}" : null;
        }))
        {
            await cluster.PatchDeploymentAsync("roll", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");
            var done = await cluster.WaitForRolloutAsync("roll");
            Assert.Null(watcher.Violation);
            Assert.True(watcher.Events > replicas, "the watcher saw the rollout");
            Assert.Equal("2", done.Metadata.Annotations["deployment.kubernetes.io/revision"]);
            Assert.Equal(("True", "MinimumReplicasAvailable"), Condition(done, "Available"));
            Assert.Equal(("True", "NewReplicaSetAvailable"), Condition(done, "Progressing"));
        }

        var sets = await cluster.ReplicaSetsAsync("roll");
        Assert.Equal(2, sets.Count);
        var newRS = sets.Single(rs => rs.Spec.Template.Spec.Containers[0].Image == "nginx:1.28");
        Assert.Equal(replicas, newRS.Spec.Replicas);
        Assert.Equal("2", newRS.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("4", newRS.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"]);
        Assert.Equal("5", newRS.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]);
        Assert.Equal("roll-" + newRS.Metadata.Labels["pod-template-hash"], newRS.Metadata.Name);
        Assert.Equal(0, sets.Single(rs => rs != newRS).Spec.Replicas);

        var events = await EventuallyAsync(() => cluster.EventsAboutAsync("Deployment", "roll"),
            e => e.Any(x => x.Note.StartsWith($"Scaled up replica set {newRS.Metadata.Name} from 0 to 1", StringComparison.Ordinal)), "scaling events");
        Assert.All(events.Where(e => e.Reason == "ScalingReplicaSet"), e => Assert.Matches(@"^Scaled (up|down) replica set roll-\w+ from \d+ to \d+$", e.Note));
    }

    [Fact]
    public async Task Recreate_starts_new_pods_only_after_every_old_pod_is_gone()
    {
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("recreate", 3, s => s.Strategy = new V1DeploymentStrategy { Type = "Recreate" }), "default");
        var first = await cluster.WaitForRolloutAsync("recreate");
        var oldHash = Hash((await cluster.LivePodsAsync("recreate"))[0]);

        await using var watcher = await PodWatcher.StartAsync(cluster.Client, "recreate", (pods, type, pod) =>
            type == WatchEventType.Added && Hash(pod) != oldHash && pods.Any(p => Hash(p) == oldHash && p.Status?.Phase is not ("Succeeded" or "Failed"))
                ? $"new pod {pod.Metadata.Name} created while old pods still run"
                : null);
        await cluster.PatchDeploymentAsync("recreate", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");
        await cluster.WaitForRolloutAsync("recreate");

        Assert.Null(watcher.Violation);
        Assert.All(await cluster.LivePodsAsync("recreate"), p => Assert.NotEqual(oldHash, Hash(p)));
        Assert.NotNull(first);
    }

    [Fact]
    public async Task Undo_as_kubectl_does_it_brings_back_the_old_replica_set_under_a_new_revision()
    {
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("undo", 2), "default");
        await cluster.WaitForRolloutAsync("undo");
        await cluster.PatchDeploymentAsync("undo", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");
        await EventuallyAsync(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("undo", "default"),
            d => RolledOut(d) && d.Metadata.Annotations["deployment.kubernetes.io/revision"] == "2", "revision 2 rolled out");

        // kubectl rollout undo: a JSON patch replacing the template with revision 1's (minus pod-template-hash).
        var revision1 = (await cluster.ReplicaSetsAsync("undo")).Single(rs => rs.Metadata.Annotations["deployment.kubernetes.io/revision"] == "1");
        var template = revision1.Spec.Template;
        template.Metadata.Labels.Remove("pod-template-hash");
        var patch = $$"""[{"op":"replace","path":"/spec/template","value":{{KubernetesJson.Serialize(template)}}}]""";
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.JsonPatch), "undo", "default");

        var done = await EventuallyAsync(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("undo", "default"),
            d => RolledOut(d) && d.Metadata.Annotations["deployment.kubernetes.io/revision"] == "3", "revision 3 rolled out");
        var back = await cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync(revision1.Metadata.Name, "default");
        Assert.Equal("3", back.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("1", back.Metadata.Annotations["deployment.kubernetes.io/revision-history"]);
        Assert.Equal(2, back.Spec.Replicas);
        Assert.Equal(2, (await cluster.ReplicaSetsAsync("undo")).Count);
        Assert.Equal("nginx:1.27", done.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task Old_replica_sets_beyond_revisionHistoryLimit_are_deleted()
    {
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("history", 1, s => s.RevisionHistoryLimit = 1), "default");
        foreach (var image in new[] { "nginx:1.28", "nginx:1.29" })
        {
            await cluster.WaitForRolloutAsync("history");
            await cluster.PatchDeploymentAsync("history", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":""" + $"\"{image}\"" + "}]}}}}");
        }

        await cluster.WaitForRolloutAsync("history");
        var sets = await EventuallyAsync(() => cluster.ReplicaSetsAsync("history"), s => s.Count == 2, "one old ReplicaSet kept");
        Assert.Equal(["2", "3"], sets.Select(rs => rs.Metadata.Annotations["deployment.kubernetes.io/revision"]).Order());
    }

    [Fact]
    public async Task A_paused_deployment_scales_but_does_not_roll_out()
    {
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("paused", 2), "default");
        await cluster.WaitForRolloutAsync("paused");
        await cluster.PatchDeploymentAsync("paused", """{"spec":{"paused":true,"replicas":3,"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");

        var paused = await EventuallyAsync(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("paused", "default"),
            d => d.Status?.ObservedGeneration == d.Metadata.Generation && d.Status?.AvailableReplicas == 3, "scaled while paused");
        Assert.Equal(("Unknown", "DeploymentPaused"), Condition(paused, "Progressing"));
        var sets = await cluster.ReplicaSetsAsync("paused");
        Assert.Equal("nginx:1.27", sets.Single().Spec.Template.Spec.Containers[0].Image);

        await cluster.PatchDeploymentAsync("paused", """{"spec":{"paused":false}}""");
        var resumed = await EventuallyAsync(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("paused", "default"),
            d => RolledOut(d) && d.Metadata.Annotations["deployment.kubernetes.io/revision"] == "2", "rolled out after resume");
        Assert.Equal(("True", "NewReplicaSetAvailable"), Condition(resumed, "Progressing"));
    }

    [Fact]
    public async Task A_rollout_that_cannot_progress_exceeds_its_deadline()
    {
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("stuck", 1, s =>
        {
            s.ProgressDeadlineSeconds = 1;
            s.Template.Spec.NodeSelector = new Dictionary<string, string> { ["disktype"] = "none-has-it" };
        }), "default");

        var stuck = await EventuallyAsync(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("stuck", "default"),
            d => Condition(d, "Progressing").Reason == "ProgressDeadlineExceeded", "deadline exceeded", TimeSpan.FromSeconds(30));
        Assert.Equal("False", Condition(stuck, "Progressing").Status);
        Assert.Matches("^ReplicaSet \"stuck-\\w+\" has timed out progressing.$", stuck.Status.Conditions.Single(c => c.Type == "Progressing").Message);
        Assert.Equal(("False", "MinimumReplicasUnavailable"), Condition(stuck, "Available"));
    }

    static (string Status, string Reason) Condition(V1Deployment d, string type) =>
        d.Status?.Conditions?.FirstOrDefault(c => c.Type == type) is { } c ? (c.Status, c.Reason) : ("", "");
}
