using System.Diagnostics;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;
using Coxswain.Runtime.Workloads;
using k8s;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// CloneSet 0 → N pods against a bare client creating the same N pods, on one cluster with simulated nodes (issue 7).
/// Ours: one CloneSet created, kruise-controller-manager (its own process, OpenKruise's 3 workers) creates the pods in
/// slow-start batches, the scheduler binds them, kubelets start them, the manager marks each InPlaceUpdateReady and
/// Normal. Baseline: a bare client creating N pods of the same template with the same concurrency (the same slow-start
/// batches). Both timed by one pod watch: until N pods exist, and until N are Ready. Target ≤ 1.25× on both.
/// </summary>
public sealed class CloneSetScale : IBenchmark
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public string Name => "cloneset-scale";

    public string Description => "CloneSet 0→N pods (exist, ready) vs a bare client creating N pods with the same concurrency";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var pods = options.Int("pods", 1_000);
        var workers = options.Int("workers", 3);
        await using var cluster = await CloneSetCluster.StartAsync(pods, workers, ct).ConfigureAwait(false);

        await cluster.WarmUpAsync((ns, n) => BareAsync(cluster, ns, n, ct), (ns, n) => CloneSetAsync(cluster, ns, n, ct), ct).ConfigureAwait(false);

        Console.WriteLine($"  bare client: {pods} pods in slow-start batches");
        var bare = await BareAsync(cluster, "bare", pods, ct).ConfigureAwait(false);
        // Its pods go before the CloneSet's come, so both sides find the same cluster.
        await cluster.DeleteNamespaceAsync("bare", ct).ConfigureAwait(false);

        Console.WriteLine($"  CloneSet: 0 → {pods} replicas");
        var before = await cluster.Manager.ScrapeAsync(ct).ConfigureAwait(false);
        var cpuBefore = cluster.Manager.TotalProcessorTime;
        var ours = await CloneSetAsync(cluster, "cloneset", pods, ct).ConfigureAwait(false);
        var managerCpu = cluster.Manager.TotalProcessorTime - cpuBefore;
        var latency = ReconcileLatency.Between(before, await cluster.Manager.ScrapeAsync(ct).ConfigureAwait(false));

        return new BenchmarkReport(Name, "a bare client creating the same pods in the same slow-start batches (1, 2, 4, …), same cluster",
        [
            new Comparison($"time until {pods} pods exist", "s", ours.Exist.TotalSeconds, bare.Exist.TotalSeconds, MaxRatio: 1.25),
            new Comparison($"time until {pods} pods are Ready", "s", ours.Ready.TotalSeconds, bare.Ready.TotalSeconds, MaxRatio: 1.25),
            new Comparison("pod writes per pod (creation included)", "writes", (double)ours.PodWrites / pods, (double)bare.PodWrites / pods),
            new Comparison("reconcile time p50", "ms", latency.P50Ms, null),
            new Comparison("reconcile time p99", "ms", latency.P99Ms, null),
        ],
        [
            $"{pods} pods on {cluster.Nodes} simulated nodes (default timings: sandbox 300 ms, first image pull 1 s); durable store; manager in its own process with {workers} CloneSet workers",
            $"CloneSet status readyReplicas = {pods} after {ours.Status.TotalSeconds:0.00} s; bare creates returned after {bare.Requests.TotalSeconds:0.00} s",
            $"manager: {latency.Describe()}; CPU {managerCpu.TotalSeconds:0.0} s during the CloneSet round",
        ]);
    }

    sealed record Timings(TimeSpan Exist, TimeSpan Ready, TimeSpan Requests, TimeSpan Status, int PodWrites);

    static async Task<Timings> BareAsync(CloneSetCluster cluster, string ns, int pods, CancellationToken ct)
    {
        await CloneSetCluster.CreateNamespaceAsync(cluster.Client, ns, ct).ConfigureAwait(false);
        await using var progress = await PodProgress.StartAsync(cluster.Client, ns, pods, PodProgress.IsReady, ct).ConfigureAwait(false);
        var start = Stopwatch.GetTimestamp();
        var next = -1;
        var (_, error) = await SlowStartBatch.RunAsync(pods, () => cluster.Client.CoreV1.CreateNamespacedPodAsync(
            CloneSetCluster.BarePod($"bare-{Interlocked.Increment(ref next):00000}"), ns, cancellationToken: ct), ct).ConfigureAwait(false);
        if (error is not null) throw error;
        var requests = Stopwatch.GetElapsedTime(start);
        var exist = Stopwatch.GetElapsedTime(start, await progress.AllExistAsync(Timeout, ct).ConfigureAwait(false));
        var ready = Stopwatch.GetElapsedTime(start, await progress.AllDoneAsync(Timeout, ct).ConfigureAwait(false));
        return new Timings(exist, ready, requests, ready, progress.Writes);
    }

    static async Task<Timings> CloneSetAsync(CloneSetCluster cluster, string ns, int pods, CancellationToken ct)
    {
        await CloneSetCluster.CreateNamespaceAsync(cluster.Client, ns, ct).ConfigureAwait(false);
        await using var progress = await PodProgress.StartAsync(cluster.Client, ns, pods, PodProgress.IsReady, ct).ConfigureAwait(false);
        var cloneSet = CloneSetCluster.NewCloneSet("scale", pods);
        cloneSet.Metadata.NamespaceProperty = ns;
        var start = Stopwatch.GetTimestamp();
        await cluster.CloneSets.CreateAsync(cloneSet, cancellationToken: ct).ConfigureAwait(false);
        var requests = Stopwatch.GetElapsedTime(start);
        var exist = Stopwatch.GetElapsedTime(start, await progress.AllExistAsync(Timeout, ct).ConfigureAwait(false));
        var ready = Stopwatch.GetElapsedTime(start, await progress.AllDoneAsync(Timeout, ct).ConfigureAwait(false));
        await cluster.WaitForStatusAsync(ns, "scale", s => s.ReadyReplicas == pods, Timeout, ct).ConfigureAwait(false);
        return new Timings(exist, ready, requests, Stopwatch.GetElapsedTime(start), progress.Writes);
    }
}
