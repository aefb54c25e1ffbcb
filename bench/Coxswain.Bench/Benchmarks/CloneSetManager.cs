using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// kruise-controller-manager at rest (issue 7): N CloneSets rolled out to P pods in all, then left to settle; the
/// manager's working set, GC heap and CPU while idle, as its own <c>/metrics</c> reports them, and the latency of the
/// CloneSet reconciles the rollout took (p50/p90/p99 of <c>controller_runtime_reconcile_time_seconds</c>). The baseline
/// is the same manager before any CloneSet existed (caches synced, empty): what the N CloneSets and P pods add.
/// </summary>
public sealed class CloneSetManager : IBenchmark
{
    public string Name => "cloneset-manager";

    public string Description => "manager idle working set / GC heap with N CloneSets and their pods cached, and reconcile latency percentiles";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var pods = options.Int("pods", 1_000);
        var count = Math.Max(1, options.Int("clonesets", 10));
        var workers = options.Int("workers", 3);
        var settle = options.Seconds("settle", 15);
        await using var cluster = await CloneSetCluster.StartAsync(pods, workers, ct).ConfigureAwait(false);

        Console.WriteLine($"  empty manager: settling {settle.TotalSeconds:0} s");
        var empty = await IdleAsync(cluster, settle, ct).ConfigureAwait(false);

        Console.WriteLine($"  {count} CloneSets, {pods} pods in all");
        const string ns = "idle";
        await CloneSetCluster.CreateNamespaceAsync(cluster.Client, ns, ct).ConfigureAwait(false);
        var before = await cluster.Manager.ScrapeAsync(ct).ConfigureAwait(false);
        var sizes = Enumerable.Range(0, count).Select(i => pods / count + (i < pods % count ? 1 : 0)).ToList();
        for (var i = 0; i < count; i++)
        {
            var cloneSet = CloneSetCluster.NewCloneSet($"idle-{i:000}", sizes[i]);
            cloneSet.Metadata.NamespaceProperty = ns;
            await cluster.CloneSets.CreateAsync(cloneSet, cancellationToken: ct).ConfigureAwait(false);
        }
        for (var i = 0; i < count; i++)
        {
            var replicas = sizes[i];
            await cluster.WaitForStatusAsync(ns, $"idle-{i:000}", s => s.ReadyReplicas == replicas, TimeSpan.FromMinutes(10), ct).ConfigureAwait(false);
        }
        var latency = ReconcileLatency.Between(before, await cluster.Manager.ScrapeAsync(ct).ConfigureAwait(false));

        Console.WriteLine($"  settling {settle.TotalSeconds:0} s");
        var loaded = await IdleAsync(cluster, settle, ct).ConfigureAwait(false);
        const double MiB = 1024 * 1024;
        return new BenchmarkReport(Name, "the same manager with no CloneSets (caches synced, empty)",
        [
            new Comparison("idle working set", "MiB", loaded.WorkingSet / MiB, empty.WorkingSet / MiB),
            new Comparison("idle GC heap", "MiB", loaded.GcHeap / MiB, empty.GcHeap / MiB),
            new Comparison("idle CPU", "ms/s", loaded.CpuPerSecond * 1000, empty.CpuPerSecond * 1000),
            new Comparison("reconcile time p50", "ms", latency.P50Ms, null),
            new Comparison("reconcile time p90", "ms", latency.P90Ms, null),
            new Comparison("reconcile time p99", "ms", latency.P99Ms, null),
        ],
        [
            $"{count} CloneSets, {pods} pods in all, on {cluster.Nodes} simulated nodes; manager in its own process, {workers} CloneSet workers; idle = {settle.TotalSeconds:0} s after the rollout",
            $"GC heap with the pods cached: {(loaded.GcHeap - empty.GcHeap) / pods / 1024:0.0} KiB more per pod than empty (prometheus-net's dotnet_total_memory_bytes, not compacted first)",
            $"rollout: {latency.Describe()}",
            $"idle reconciles while settling: {loaded.Reconciles:0}",
        ]);
    }

    sealed record Idle(double WorkingSet, double GcHeap, double CpuPerSecond, double Reconciles);

    static async Task<Idle> IdleAsync(CloneSetCluster cluster, TimeSpan settle, CancellationToken ct)
    {
        var before = await cluster.Manager.ScrapeAsync(ct).ConfigureAwait(false);
        await Task.Delay(settle, ct).ConfigureAwait(false);
        var after = await cluster.Manager.ScrapeAsync(ct).ConfigureAwait(false);
        var cpu = (after.Value("process_cpu_seconds_total") ?? 0) - (before.Value("process_cpu_seconds_total") ?? 0);
        return new Idle(after.Value("process_working_set_bytes") ?? double.NaN, after.Value("dotnet_total_memory_bytes") ?? double.NaN,
            cpu / settle.TotalSeconds, ReconcileLatency.Between(before, after).Count);
    }
}
