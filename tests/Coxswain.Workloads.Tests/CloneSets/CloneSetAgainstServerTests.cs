using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.LocalCluster.Tests.Api;
using Coxswain.Runtime.Patching;
using Coxswain.Workloads.Tests.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Workloads.Tests.CloneSets;

/// <summary>The CloneSet controller against the local cluster with simulated nodes: pods really run, restart and go away.</summary>
public class CloneSetAgainstServerTests(WorkloadCluster cluster) : IClassFixture<WorkloadCluster>
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    async Task<string> NamespaceAsync(string name)
    {
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    async Task<CloneSet> WaitForStatusAsync(string ns, string name, Func<CloneSetStatus, bool> done, string what)
    {
        try
        {
            return await Eventually.Get(async () => await cluster.CloneSets.GetAsync(ns, name), c => c?.Status is { } s && done(s), Timeout, what);
        }
        catch (TimeoutException e)
        {
            // What the controller and the kubelet left behind says why.
            var cloneSet = await cluster.CloneSets.GetAsync(ns, name);
            var pods = await cluster.PodsOfAsync(ns, name);
            var events = await cluster.Client.EventsV1.ListNamespacedEventAsync(ns);
            throw new TimeoutException($"{e.Message}\nstatus: {(cloneSet.Status is null ? "none" : KubernetesJson.Serialize(cloneSet.Status))}\npods: {KubernetesJson.Serialize(pods)}\n"
                + $"events: {string.Join("\n", events.Items.Select(ev => $"{ev.Reason}: {ev.Note}"))}\nerrors: {string.Join("\n", cluster.Errors.Take(3))}", e);
        }
    }

    /// <summary>Creates a defaulted CloneSet of <paramref name="updateType"/> and waits until all its pods are ready.</summary>
    async Task<CloneSet> CreateReadyAsync(string ns, string name, int replicas, string updateType, Action<CloneSet>? configure = null)
    {
        var cloneSet = TestCloneSets.New(name, replicas);
        cloneSet.Spec.UpdateStrategy.Type = updateType;
        configure?.Invoke(cloneSet);
        CloneSetDefaults.Apply(cloneSet, injectTemplateDefaults: true);
        await cluster.CloneSets.CreateAsync(cloneSet.InNamespace(ns));
        return await WaitForStatusAsync(ns, name, s => s.ReadyReplicas == replicas && s.UpdatedReadyReplicas == replicas, $"{replicas} ready pods");
    }

    [Fact]
    public async Task In_place_update_with_partition_then_scale_down_with_podsToDelete()
    {
        var ns = await NamespaceAsync("inplace");
        var ready = await CreateReadyAsync(ns, "web", 3, CloneSetUpdateStrategyTypes.InPlaceIfPossible);
        Assert.Equal("app=web", ready.Status!.LabelSelector);
        Assert.Equal(ready.Status.UpdateRevision, ready.Status.CurrentRevision);
        var before = (await cluster.PodsOfAsync(ns, "web")).ToDictionary(p => p.Metadata.Name);
        Assert.Equal(3, before.Count);
        Assert.All(before.Values, p =>
        {
            Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", p.Metadata.Name);
            Assert.Equal(p.Metadata.Name, $"web-{p.Metadata.Labels[KruiseLabels.CloneSetInstanceId]}");
            Assert.Equal(ready.Status.UpdateRevision, p.Metadata.Labels[KruiseLabels.ControllerRevisionHash]);
            Assert.Equal("Normal", p.Metadata.Labels[KruiseLabels.LifecycleState]);
            Assert.Contains(p.Spec.ReadinessGates, g => g.ConditionType == KruisePodConditions.InPlaceUpdateReady);
        });

        // New image, partition 1: two pods move in place, one stays at the old revision.
        await cluster.CloneSets.PatchAsync(ns, "web", Patches.Merge(new()
        {
            ["spec"] = new System.Text.Json.Nodes.JsonObject
            {
                ["updateStrategy"] = new System.Text.Json.Nodes.JsonObject { ["partition"] = 1 },
                ["template"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["spec"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["containers"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                        {
                            ["name"] = "main", ["image"] = "nginx:1.26", ["imagePullPolicy"] = "IfNotPresent",
                            ["terminationMessagePath"] = "/dev/termination-log", ["terminationMessagePolicy"] = "File", ["resources"] = new System.Text.Json.Nodes.JsonObject(),
                        }),
                    },
                },
            },
        }));
        var updated = await WaitForStatusAsync(ns, "web",
            s => s.UpdatedReplicas == 2 && s.UpdatedReadyReplicas == 2 && s.ReadyReplicas == 3 && s.ExpectedUpdatedReplicas == 2, "2 pods updated in place");
        Assert.NotEqual(updated.Status!.UpdateRevision, updated.Status.CurrentRevision);
        var after = (await cluster.PodsOfAsync(ns, "web")).ToDictionary(p => p.Metadata.Name);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        var moved = after.Values.Where(p => p.Spec.Containers[0].Image == "nginx:1.26").ToList();
        Assert.Equal(2, moved.Count);
        Assert.All(moved, p =>
        {
            Assert.Equal(before[p.Metadata.Name].Metadata.Uid, p.Metadata.Uid);
            Assert.Equal(before[p.Metadata.Name].Status.ContainerStatuses[0].RestartCount + 1, p.Status.ContainerStatuses[0].RestartCount);
            Assert.Contains("\"revision\":\"" + updated.Status.UpdateRevision + "\"", p.Metadata.Annotations[KruiseAnnotations.InPlaceUpdateState]);
            Assert.Equal("True", p.Status.Conditions.Single(c => c.Type == KruisePodConditions.InPlaceUpdateReady).Status);
        });
        var held = Assert.Single(after.Values, p => p.Spec.Containers[0].Image == "nginx:1.25");

        // Scale to 2 deleting exactly the pod still at the old revision.
        await cluster.CloneSets.PatchAsync(ns, "web", Patches.Merge(new()
        {
            ["spec"] = new System.Text.Json.Nodes.JsonObject
            {
                ["replicas"] = 2,
                ["scaleStrategy"] = new System.Text.Json.Nodes.JsonObject { ["podsToDelete"] = new System.Text.Json.Nodes.JsonArray(held.Metadata.Name) },
            },
        }));
        await WaitForStatusAsync(ns, "web", s => s.Replicas == 2 && s.UpdatedReplicas == 2, "scaled down to the 2 updated pods");
        var remaining = await Eventually.Get<List<V1Pod>>(async () => await cluster.PodsOfAsync(ns, "web"), p => p?.Count == 2, Timeout, "2 pods left");
        Assert.Equal(moved.Select(p => p.Metadata.Name).Order(), remaining.Select(p => p.Metadata.Name).Order());
    }

    [Fact]
    public async Task ReCreate_replaces_pods_with_new_ones()
    {
        var ns = await NamespaceAsync("recreate");
        await cluster.CloneSets.CreateAsync(TestCloneSets.Defaulted("app", replicas: 2).InNamespace(ns));
        var ready = await WaitForStatusAsync(ns, "app", s => s.ReadyReplicas == 2, "2 ready pods");
        var before = (await cluster.PodsOfAsync(ns, "app")).Select(p => p.Metadata.Uid).ToHashSet();

        var cloneSet = await cluster.CloneSets.GetAsync(ns, "app");
        await cluster.CloneSets.PatchAsync(ns, "app", Patches.MergeFrom(cloneSet, c => c.Spec.Template.Spec.Containers[0].Image = "nginx:1.26"));

        var done = await WaitForStatusAsync(ns, "app", s => s.UpdatedReadyReplicas == 2 && s.Replicas == 2 && s.CurrentRevision == s.UpdateRevision
            && s.UpdateRevision != ready.Status!.UpdateRevision, "2 recreated pods");
        var pods = await Eventually.Get<List<V1Pod>>(async () => await cluster.PodsOfAsync(ns, "app"), p => p?.Count == 2, Timeout, "2 pods");
        Assert.All(pods, p => Assert.DoesNotContain(p.Metadata.Uid, before));
        Assert.All(pods, p => Assert.Equal("nginx:1.26", p.Spec.Containers[0].Image));
    }

    [Fact]
    public async Task InPlaceIfPossible_recreates_pods_for_non_image_changes_and_paused_holds_them()
    {
        var ns = await NamespaceAsync("fallback");
        var cloneSet = TestCloneSets.New("env", replicas: 2);
        cloneSet.Spec.UpdateStrategy.Type = CloneSetUpdateStrategyTypes.InPlaceIfPossible;
        cloneSet.Spec.UpdateStrategy.Paused = true;
        CloneSetDefaults.Apply(cloneSet, injectTemplateDefaults: true);
        await cluster.CloneSets.CreateAsync(cloneSet.InNamespace(ns));
        await WaitForStatusAsync(ns, "env", s => s.ReadyReplicas == 2, "2 ready pods");
        var before = (await cluster.PodsOfAsync(ns, "env")).Select(p => p.Metadata.Uid).ToHashSet();

        var current = await cluster.CloneSets.GetAsync(ns, "env");
        await cluster.CloneSets.PatchAsync(ns, "env", Patches.MergeFrom(current, c => c.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "MODE", Value = "x" }]));
        var paused = await WaitForStatusAsync(ns, "env", s => s.UpdateRevision != current.Status!.UpdateRevision, "a new update revision");
        Assert.Equal(0, paused.Status!.UpdatedReplicas);
        Assert.Equal(before, (await cluster.PodsOfAsync(ns, "env")).Select(p => p.Metadata.Uid).ToHashSet());

        var held = await cluster.CloneSets.GetAsync(ns, "env");
        await cluster.CloneSets.PatchAsync(ns, "env", Patches.MergeFrom(held, c => c.Spec.UpdateStrategy.Paused = false));
        await WaitForStatusAsync(ns, "env", s => s.UpdatedReadyReplicas == 2 && s.Replicas == 2, "2 recreated pods");
        var pods = await Eventually.Get<List<V1Pod>>(async () => await cluster.PodsOfAsync(ns, "env"), p => p?.Count == 2, Timeout, "2 pods");
        Assert.All(pods, p => Assert.DoesNotContain(p.Metadata.Uid, before));
        Assert.All(pods, p => Assert.Equal("x", p.Spec.Containers[0].Env.Single().Value));
    }

    [Fact]
    public async Task A_grace_period_marks_the_pod_unready_before_its_image_changes()
    {
        var ns = await NamespaceAsync("grace");
        await CreateReadyAsync(ns, "slow", 1, CloneSetUpdateStrategyTypes.InPlaceIfPossible,
            c => c.Spec.UpdateStrategy.InPlaceUpdateStrategy = new Coxswain.Apis.Apps.Pub.InPlaceUpdateStrategy { GracePeriodSeconds = 3 });

        var current = await cluster.CloneSets.GetAsync(ns, "slow");
        await cluster.CloneSets.PatchAsync(ns, "slow", Patches.MergeFrom(current, c => c.Spec.Template.Spec.Containers[0].Image = "nginx:1.26"));
        var waiting = await Eventually.Get<V1Pod>(async () => (await cluster.PodsOfAsync(ns, "slow")).SingleOrDefault(),
            p => p?.Metadata.Annotations?.ContainsKey(KruiseAnnotations.InPlaceUpdateGrace) == true, Timeout, "the grace annotation");
        Assert.Equal("nginx:1.25", waiting.Spec.Containers[0].Image);
        Assert.Contains("\"graceSeconds\":3", waiting.Metadata.Annotations[KruiseAnnotations.InPlaceUpdateGrace]);
        Assert.Equal("False", waiting.Status.Conditions.Single(c => c.Type == KruisePodConditions.InPlaceUpdateReady).Status);

        var pod = await Eventually.Get<V1Pod>(async () => (await cluster.PodsOfAsync(ns, "slow")).SingleOrDefault(),
            p => p?.Spec.Containers[0].Image == "nginx:1.26", Timeout, "the image patched after the grace period");
        await WaitForStatusAsync(ns, "slow", s => s.UpdatedReadyReplicas == 1, "the updated pod ready");
        Assert.Equal(waiting.Metadata.Uid, pod.Metadata.Uid);
        Assert.Equal("nginx:1.26", pod.Spec.Containers[0].Image);
        Assert.False(pod.Metadata.Annotations.ContainsKey(KruiseAnnotations.InPlaceUpdateGrace));
    }

    [Fact]
    public async Task An_inPlaceUpdate_hook_holds_pods_in_PreparingUpdate_until_released()
    {
        const string Hook = "example.io/hold";
        var ns = await NamespaceAsync("hooked");
        var cloneSet = TestCloneSets.New("hooked", replicas: 1);
        cloneSet.Spec.Template.Metadata.Labels[Hook] = "true";
        cloneSet.Spec.UpdateStrategy.Type = CloneSetUpdateStrategyTypes.InPlaceIfPossible;
        cloneSet.Spec.Lifecycle = new Coxswain.Apis.Apps.Pub.Lifecycle
        {
            InPlaceUpdate = new Coxswain.Apis.Apps.Pub.LifecycleHook { LabelsHandler = new Dictionary<string, string> { [Hook] = "true" } },
        };
        CloneSetDefaults.Apply(cloneSet, injectTemplateDefaults: true);
        await cluster.CloneSets.CreateAsync(cloneSet.InNamespace(ns));
        await WaitForStatusAsync(ns, "hooked", s => s.ReadyReplicas == 1, "a ready pod");

        var current = await cluster.CloneSets.GetAsync(ns, "hooked");
        await cluster.CloneSets.PatchAsync(ns, "hooked", Patches.MergeFrom(current, c => c.Spec.Template.Spec.Containers[0].Image = "nginx:1.26"));
        var held = await Eventually.Get<V1Pod>(async () => (await cluster.PodsOfAsync(ns, "hooked")).SingleOrDefault(),
            p => p?.Metadata.Labels[KruiseLabels.LifecycleState] == "PreparingUpdate", Timeout, "PreparingUpdate");
        Assert.Equal("nginx:1.25", held.Spec.Containers[0].Image);

        // The hook's owner lets go: the pod is updated in place, then stays Updated until the hook label is back.
        await cluster.Pods.PatchAsync(ns, held.Metadata.Name, Patches.Merge(new()
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { [Hook] = null } },
        }));
        var updated = await Eventually.Get<V1Pod>(async () => (await cluster.PodsOfAsync(ns, "hooked")).SingleOrDefault(),
            p => p?.Metadata.Labels[KruiseLabels.LifecycleState] == "Updated", Timeout, "Updated");
        Assert.Equal("nginx:1.26", updated.Spec.Containers[0].Image);
        Assert.Equal(held.Metadata.Uid, updated.Metadata.Uid);
        await cluster.Pods.PatchAsync(ns, held.Metadata.Name, Patches.Merge(new()
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { [Hook] = "true" } },
        }));
        await Eventually.Get<V1Pod>(async () => (await cluster.PodsOfAsync(ns, "hooked")).SingleOrDefault(),
            p => p?.Metadata.Labels[KruiseLabels.LifecycleState] == "Normal", Timeout, "Normal");
        await WaitForStatusAsync(ns, "hooked", s => s.UpdatedReadyReplicas == 1, "the updated pod ready");
    }

    [Fact]
    public async Task InPlaceOnly_reports_a_FailedUpdate_condition_for_changes_it_cannot_make_in_place()
    {
        var ns = await NamespaceAsync("inplaceonly");
        await CreateReadyAsync(ns, "strict", 1, CloneSetUpdateStrategyTypes.InPlaceOnly);
        var pod = (await cluster.PodsOfAsync(ns, "strict")).Single();

        // Without the validating webhook in front, the change is stored; the controller refuses to recreate.
        var current = await cluster.CloneSets.GetAsync(ns, "strict");
        await cluster.CloneSets.PatchAsync(ns, "strict", Patches.MergeFrom(current, c => c.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "A", Value = "1" }]));
        var failed = await WaitForStatusAsync(ns, "strict", s => s.Conditions?.Any(c => c.Type == "FailedUpdate") == true, "a FailedUpdate condition");
        Assert.Equal($"find Pod {pod.Metadata.Name} update strategy is InPlaceOnly but can not update in-place",
            failed.Status!.Conditions!.Single(c => c.Type == "FailedUpdate").Message);
        Assert.Equal(pod.Metadata.Uid, (await cluster.PodsOfAsync(ns, "strict")).Single().Metadata.Uid);
    }
}
