using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.LocalCluster.Tests.Api;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Patching;
using Coxswain.Runtime.Workloads;
using Coxswain.Workloads.CloneSets;
using Coxswain.Workloads.Tests.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Workloads.Tests.CloneSets;

/// <summary>
/// The CloneSet controller against the local cluster: PVCs from volumeClaimTemplates and their reuse, the lifecycle
/// hooks' PreparingDelete (with KruisePodReady held False, or taken back when replicas go up again), and the scale
/// expectation leakage metric.
/// </summary>
public class CloneSetClaimsAndLifecycleTests(WorkloadCluster cluster) : IClassFixture<WorkloadCluster>
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    const string Hook = "example.io/hold";

    async Task<string> NamespaceAsync(string name)
    {
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    async Task<List<V1Pod>> WaitForPodsAsync(string ns, string name, Func<List<V1Pod>, bool> done, string what) =>
        await Eventually.Get(async () => await cluster.PodsOfAsync(ns, name), pods => pods is not null && done(pods), Timeout, what);

    async Task<List<V1PersistentVolumeClaim>> ClaimsAsync(string ns) =>
        (await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns)).Items.Where(c => c.Metadata.DeletionTimestamp is null).ToList();

    async Task ScaleAsync(string ns, string name, int replicas) =>
        await cluster.CloneSets.PatchAsync(ns, name, Patches.Merge(new()
        {
            ["spec"] = new System.Text.Json.Nodes.JsonObject { ["replicas"] = replicas },
        }));

    static bool AllReady(List<V1Pod> pods, int count) => pods.Count == count && pods.All(PodStates.IsPodReady);

    static CloneSet WithClaims(string name, int replicas, bool disableReuse = false)
    {
        var cloneSet = TestCloneSets.New(name, replicas);
        cloneSet.Spec.VolumeClaimTemplates =
        [
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = "data" },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                },
            },
        ];
        cloneSet.Spec.ScaleStrategy.DisablePvcReuse = disableReuse;
        CloneSetDefaults.Apply(cloneSet, injectTemplateDefaults: true);
        return cloneSet;
    }

    [Fact]
    public async Task Each_pod_gets_its_PVCs_and_a_replacement_reuses_them_until_scaled_in()
    {
        var ns = await NamespaceAsync("claims");
        var created = await cluster.CloneSets.CreateAsync(WithClaims("db", 2).InNamespace(ns));
        var pods = await WaitForPodsAsync(ns, "db", p => AllReady(p, 2), "2 ready pods");

        var claims = await ClaimsAsync(ns);
        Assert.Equal(pods.Select(p => $"data-db-{p.Metadata.Labels[KruiseLabels.CloneSetInstanceId]}").Order(), claims.Select(c => c.Metadata.Name).Order());
        Assert.All(claims, c =>
        {
            Assert.Equal("db", c.Metadata.Labels["app"]);
            Assert.Equal(c.Metadata.Name["data-db-".Length..], c.Metadata.Labels[KruiseLabels.CloneSetInstanceId]);
            var owner = Assert.Single(c.Metadata.OwnerReferences);
            Assert.Equal(("CloneSet", "db", created.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller == true));
        });
        Assert.All(pods, p => Assert.Contains(p.Spec.Volumes, v =>
            v.Name == "data" && v.PersistentVolumeClaim?.ClaimName == $"data-db-{p.Metadata.Labels[KruiseLabels.CloneSetInstanceId]}"));

        // A pod deleted by someone else leaves its PVC; the replacement takes its instance id and the same PVC.
        var victim = pods[0];
        var victimClaim = claims.Single(c => c.Metadata.Name == $"data-db-{victim.Metadata.Labels[KruiseLabels.CloneSetInstanceId]}");
        await cluster.Pods.DeleteAsync(ns, victim.Metadata.Name);
        var replaced = await WaitForPodsAsync(ns, "db", p => AllReady(p, 2) && p.All(x => x.Metadata.Uid != victim.Metadata.Uid), "a replacement");
        Assert.Contains(replaced, p => p.Metadata.Name == victim.Metadata.Name);
        Assert.Contains(await ClaimsAsync(ns), c => c.Metadata.Uid == victimClaim.Metadata.Uid);

        // Scaled in by the controller, a pod takes its PVC along.
        await ScaleAsync(ns, "db", 1);
        var left = await WaitForPodsAsync(ns, "db", p => p.Count == 1, "1 pod");
        await Eventually.True(async () => (await ClaimsAsync(ns)).Select(c => c.Metadata.Name).SequenceEqual(
            [$"data-db-{left[0].Metadata.Labels[KruiseLabels.CloneSetInstanceId]}"]), Timeout, "only the remaining pod's PVC");
    }

    [Fact]
    public async Task With_disablePVCReuse_a_deleted_pods_PVC_goes_and_the_replacement_gets_a_new_instance_id()
    {
        var ns = await NamespaceAsync("noreuse");
        await cluster.CloneSets.CreateAsync(WithClaims("db", 1, disableReuse: true).InNamespace(ns));
        var pod = (await WaitForPodsAsync(ns, "db", p => AllReady(p, 1), "a ready pod")).Single();
        await cluster.Pods.DeleteAsync(ns, pod.Metadata.Name);
        var replacement = (await WaitForPodsAsync(ns, "db", p => AllReady(p, 1) && p[0].Metadata.Uid != pod.Metadata.Uid, "a replacement")).Single();
        Assert.NotEqual(pod.Metadata.Name, replacement.Metadata.Name);
        await Eventually.True(async () => (await ClaimsAsync(ns)).Select(c => c.Metadata.Name).SequenceEqual(
            [$"data-{replacement.Metadata.Name}"]), Timeout, "only the replacement's PVC");
    }

    static CloneSet Hooked(string name, int replicas, bool markPodNotReady)
    {
        var cloneSet = TestCloneSets.New(name, replicas);
        cloneSet.Spec.Template.Metadata.Labels[Hook] = "true";
        // What mpod.kb.io injects with feature KruisePodReadinessGate.
        cloneSet.Spec.Template.Spec.ReadinessGates = [new V1PodReadinessGate { ConditionType = KruisePodConditions.KruisePodReady }];
        cloneSet.Spec.Lifecycle = new Lifecycle
        {
            PreDelete = new LifecycleHook { LabelsHandler = new Dictionary<string, string> { [Hook] = "true" }, MarkPodNotReady = markPodNotReady },
        };
        CloneSetDefaults.Apply(cloneSet, injectTemplateDefaults: true);
        return cloneSet;
    }

    [Fact]
    public async Task A_preDelete_hook_with_markPodNotReady_holds_the_pod_not_ready_until_released()
    {
        var ns = await NamespaceAsync("notready");
        await cluster.CloneSets.CreateAsync(Hooked("web", 2, markPodNotReady: true).InNamespace(ns));
        var pods = await WaitForPodsAsync(ns, "web", p => AllReady(p, 2), "2 ready pods");
        Assert.All(pods, p => Assert.Equal("True", PodStates.GetPodCondition(p, KruisePodConditions.KruisePodReady)?.Status));

        await ScaleAsync(ns, "web", 1);
        var held = (await WaitForPodsAsync(ns, "web", p => p.Any(x => x.Metadata.Labels[KruiseLabels.LifecycleState] == "PreparingDelete"
            && PodStates.GetPodCondition(x, KruisePodConditions.KruisePodReady)?.Status == "False" && !PodStates.IsPodReady(x)), "a pod held not ready"))
            .Single(p => p.Metadata.Labels[KruiseLabels.LifecycleState] == "PreparingDelete");
        Assert.Equal("""[{"userAgent":"ContainerRecreateRequest","key":"preparingDelete"}]""",
            PodStates.GetPodCondition(held, KruisePodConditions.KruisePodReady)!.Message);


        await cluster.Pods.PatchAsync(ns, held.Metadata.Name, Patches.Merge(new()
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { [Hook] = null } },
        }));
        await WaitForPodsAsync(ns, "web", p => AllReady(p, 1) && p.All(x => x.Metadata.Name != held.Metadata.Name), "the held pod deleted");
    }

    [Fact]
    public async Task A_pod_in_PreparingDelete_is_taken_back_when_replicas_go_up_again()
    {
        var ns = await NamespaceAsync("regret");
        await cluster.CloneSets.CreateAsync(Hooked("web", 2, markPodNotReady: false).InNamespace(ns));
        var pods = await WaitForPodsAsync(ns, "web", p => AllReady(p, 2), "2 ready pods");

        await ScaleAsync(ns, "web", 1);
        var held = (await WaitForPodsAsync(ns, "web", p => p.Any(x => x.Metadata.Labels[KruiseLabels.LifecycleState] == "PreparingDelete"), "PreparingDelete"))
            .Single(p => p.Metadata.Labels[KruiseLabels.LifecycleState] == "PreparingDelete");
        Assert.True(PodStates.IsPodReady(held)); // not marked not ready

        await ScaleAsync(ns, "web", 2);
        var back = await WaitForPodsAsync(ns, "web", p => p.Count == 2 && p.All(x => x.Metadata.Labels[KruiseLabels.LifecycleState] == "Normal"), "both Normal again");
        Assert.Equal(pods.Select(p => p.Metadata.Uid).Order(), back.Select(p => p.Metadata.Uid).Order());
    }

    [Fact]
    public async Task Scale_expectations_unsatisfied_past_the_timeout_count_a_leakage_and_hold_the_CloneSet()
    {
        var ns = await NamespaceAsync("leak");
        // Replicas 0 so the running controller has nothing to do; the reconciler under test is a second, separate one.
        var cloneSet = await cluster.CloneSets.CreateAsync(TestCloneSets.New("web", 0).InNamespace(ns));
        cloneSet.Spec.Replicas = 2;
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new CloneSetMetrics(registry);
        var expectations = new CloneSetExpectations(timeout: TimeSpan.Zero);
        expectations.Scale.ExpectCreations($"{ns}/web", 1); // a creation whose event never comes
        await using var informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(cluster.Client));
        await using var events = new EventBroadcaster(cluster.Client);
        var reconciler = new CloneSetReconciler(cluster.CloneSets, cluster.Pods, new ResourceClient<V1ControllerRevision>(cluster.Client),
            new ResourceClient<V1PersistentVolumeClaim>(cluster.Client), informers, expectations, events, metrics: metrics);

        var result = await reconciler.ReconcileAsync(cloneSet, CancellationToken.None);
        Assert.Equal(Coxswain.Runtime.Controllers.ReconcileResult.Done, result);
        Assert.Equal(1, metrics.ScaleExpectationLeakage.WithLabels(ns, "web").Value);
        Assert.Empty(await cluster.PodsOfAsync(ns, "web"));

        var forced = new CloneSetExpectations(timeout: TimeSpan.Zero, forceDeleteOnTimeout: true);
        forced.Scale.ExpectCreations($"{ns}/web", 1);
        var forcing = new CloneSetReconciler(cluster.CloneSets, cluster.Pods, new ResourceClient<V1ControllerRevision>(cluster.Client),
            new ResourceClient<V1PersistentVolumeClaim>(cluster.Client), informers, forced, events, metrics: metrics);
        Assert.Equal(Coxswain.Runtime.Controllers.ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(10)), await forcing.ReconcileAsync(cloneSet, CancellationToken.None));
        Assert.Equal(2, metrics.ScaleExpectationLeakage.WithLabels(ns, "web").Value);
        Assert.Null(forced.ScaleUnsatisfiedFor($"{ns}/web"));
    }
}
