using System.Diagnostics;
using System.Text.Json.Nodes;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;
using Coxswain.Runtime.Patching;
using Coxswain.Workloads;
using k8s;
using k8s.Models;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// In-place image update of a CloneSet of N Ready pods (InPlaceIfPossible, maxUnavailable 100%) against N bare pod
/// patches of the image, on one cluster with simulated nodes (issue 7). Ours: one template patch; the manager marks each
/// pod InPlaceUpdateReady=False, patches revision, state and image in one write, the kubelet restarts the container at the
/// new image, the manager marks it InPlaceUpdateReady=True. Baseline: a bare client patching each pod's image with
/// <c>--concurrency</c> requests in flight, the kubelet restarting the containers. Both timed by one pod watch until every
/// pod is Ready at the new image. Target ≤ 1.5×. The baseline's concurrency is the controller's own
/// (<see cref="ParallelPodWrites.MaxInFlight"/>).
/// </summary>
public sealed class CloneSetInPlace : IBenchmark
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public string Name => "cloneset-inplace";

    public string Description => "CloneSet in-place image update of N pods until updated and Ready vs N bare pod image patches";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var pods = options.Int("pods", 1_000);
        var workers = options.Int("workers", 3);
        // The controller's own number of pod writes in flight, unless told otherwise.
        var concurrency = options.Int("concurrency", ParallelPodWrites.MaxInFlight);
        await using var cluster = await CloneSetCluster.StartAsync(pods, workers, ct).ConfigureAwait(false);

        await cluster.WarmUpAsync((ns, n) => BareAsync(cluster, ns, n, concurrency, ct), (ns, n) => CloneSetAsync(cluster, ns, n, ct), ct).ConfigureAwait(false);

        Console.WriteLine($"  bare client: {pods} pods, then {pods} image patches");
        var bare = await BareAsync(cluster, "bare", pods, concurrency, ct).ConfigureAwait(false);
        await cluster.DeleteNamespaceAsync("bare", ct).ConfigureAwait(false);

        Console.WriteLine($"  CloneSet: {pods} replicas, then an in-place image update");
        var (ours, latency, managerCpu) = await CloneSetAsync(cluster, "cloneset", pods, ct).ConfigureAwait(false);

        return new BenchmarkReport(Name, $"a bare client patching the image of the same number of pods, {concurrency} patches in flight, same cluster",
        [
            new Comparison($"time until {pods} pods are Ready at the new image", "s", ours.Elapsed.TotalSeconds, bare.Elapsed.TotalSeconds, MaxRatio: 1.5),
            new Comparison("pod writes per pod until then", "writes", (double)ours.PodWrites / pods, (double)bare.PodWrites / pods),
            new Comparison("reconcile time p50", "ms", latency.P50Ms, null),
            new Comparison("reconcile time p99", "ms", latency.P99Ms, null),
        ],
        [
            $"{pods} pods on {cluster.Nodes} simulated nodes (default timings); updateStrategy InPlaceIfPossible, maxUnavailable 100%; manager with {workers} CloneSet workers",
            $"manager during the update: {latency.Describe()}; CPU {managerCpu.TotalSeconds:0.0} s",
            "pod writes: every change of a pod the watch saw (patches, condition and label writes, the kubelet's status writes), divided by the pods; "
                + "Events are extra (one SuccessfulUpdatePodInPlace per pod on our side)",
        ]);
    }

    sealed record Round(TimeSpan Elapsed, int PodWrites);

    static async Task<Round> BareAsync(CloneSetCluster cluster, string ns, int pods, int concurrency, CancellationToken ct)
    {
        await CloneSetCluster.CreateNamespaceAsync(cluster.Client, ns, ct).ConfigureAwait(false);
        await using (var ready = await PodProgress.StartAsync(cluster.Client, ns, pods, PodProgress.IsReady, ct).ConfigureAwait(false))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, pods), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
                async (i, token) => await cluster.Client.CoreV1.CreateNamespacedPodAsync(CloneSetCluster.BarePod($"bare-{i:00000}"), ns, cancellationToken: token)
                    .ConfigureAwait(false)).ConfigureAwait(false);
            await ready.AllDoneAsync(Timeout, ct).ConfigureAwait(false);
        }

        await using var updated = await PodProgress.StartAsync(cluster.Client, ns, pods, PodProgress.IsReadyAt(CloneSetCluster.NewImage), ct).ConfigureAwait(false);
        var patch = new V1Patch(new JsonObject
        {
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = CloneSetCluster.NewImage }) },
        }.ToJsonString(), V1Patch.PatchType.StrategicMergePatch);
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, pods), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) => await cluster.Client.CoreV1.PatchNamespacedPodAsync(patch, $"bare-{i:00000}", ns, cancellationToken: token)
                .ConfigureAwait(false)).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start, await updated.AllDoneAsync(Timeout, ct).ConfigureAwait(false));
        return new Round(elapsed, updated.Writes);
    }

    static async Task<(Round Round, ReconcileLatency Latency, TimeSpan ManagerCpu)> CloneSetAsync(
        CloneSetCluster cluster, string ns, int pods, CancellationToken ct)
    {
        await CloneSetCluster.CreateNamespaceAsync(cluster.Client, ns, ct).ConfigureAwait(false);
        var cloneSet = CloneSetCluster.NewCloneSet("inplace", pods, CloneSetUpdateStrategyTypes.InPlaceIfPossible);
        cloneSet.Spec.UpdateStrategy.MaxUnavailable = "100%";
        cloneSet.Metadata.NamespaceProperty = ns;
        await cluster.CloneSets.CreateAsync(cloneSet, cancellationToken: ct).ConfigureAwait(false);
        await cluster.WaitForStatusAsync(ns, "inplace", s => s.ReadyReplicas == pods && s.UpdatedReadyReplicas == pods, Timeout, ct).ConfigureAwait(false);

        await using var updated = await PodProgress.StartAsync(cluster.Client, ns, pods, PodProgress.IsReadyAt(CloneSetCluster.NewImage), ct).ConfigureAwait(false);
        var current = await cluster.CloneSets.GetAsync(ns, "inplace", ct).ConfigureAwait(false);
        var before = await cluster.Manager.ScrapeAsync(ct).ConfigureAwait(false);
        var cpuBefore = cluster.Manager.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        // The whole container list as it is, with only the image changed: what the mutating webhook would leave.
        await cluster.CloneSets.PatchAsync(ns, "inplace",
            Patches.MergeFrom(current, c => c.Spec.Template.Spec.Containers[0].Image = CloneSetCluster.NewImage), cancellationToken: ct).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start, await updated.AllDoneAsync(Timeout, ct).ConfigureAwait(false));
        await cluster.WaitForStatusAsync(ns, "inplace", s => s.UpdatedReadyReplicas == pods, Timeout, ct).ConfigureAwait(false);
        var managerCpu = cluster.Manager.TotalProcessorTime - cpuBefore;
        return (new Round(elapsed, updated.Writes), ReconcileLatency.Between(before, await cluster.Manager.ScrapeAsync(ct).ConfigureAwait(false)), managerCpu);
    }
}
