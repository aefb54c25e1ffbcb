using System.Diagnostics;
using System.Net;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// Watch fan-out: the same burst of pod creates watched by one watcher, then by many (100) at once, each on its own
/// connection as separate clients would be. A watcher's rate is the burst size over the time from the first write to its
/// last event; the target is that 100 watchers each still get at least 0.8x the single watcher's rate, which holds only
/// if an event is serialized once and its bytes shared, not re-encoded per watcher.
/// </summary>
public sealed class WatchFanout : IBenchmark
{
    public string Name => "watch-fanout";

    public string Description => "events/s delivered to each of 100 concurrent watchers vs to a single watcher, same writes";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var watchers = options.Int("watchers", 100);
        var writes = options.Int("writes", 5000);
        var concurrency = options.Int("concurrency", 32);

        await using var cluster = await BenchCluster.StartAsync(ct).ConfigureAwait(false);
        using var writer = cluster.CreateClient(http2: false);
        using var watchClient = cluster.CreateClient(http2: false);
        // Our server's JIT needs some 10,000 requests to settle (tiered compilation, dynamic PGO); warm it with a watcher open.
        Console.WriteLine("  warming up");
        await using (var warmWatch = await WatchStream.OpenAsync(watchClient, KubeRequests.WatchPods(cluster.Server.Store.CurrentRevision),
                         KubeRequests.WatchEventMarker, ct).ConfigureAwait(false))
        {
            await LoadGenerator.RunAsync(concurrency, (i, t) =>
                LoadGenerator.SendExpectingAsync(writer, KubeRequests.CreatePod($"warm-{i:D6}"), HttpStatusCode.Created, t),
                options.Seconds("warmup", 8), ct: ct).ConfigureAwait(false);
        }

        Console.WriteLine($"  1 watcher, {writes} creates");
        var single = await RunPhaseAsync(cluster, writer, watchClient, 1, writes, concurrency, "one", ct).ConfigureAwait(false);
        Console.WriteLine($"  {watchers} watchers, {writes} creates");
        var many = await RunPhaseAsync(cluster, writer, watchClient, watchers, writes, concurrency, "many", ct).ConfigureAwait(false);

        return new BenchmarkReport(Name, "the same writes watched by 1 watcher",
        [
            new Comparison($"events/s per watcher, {watchers} vs 1", "events/s", many.MeanPerWatcher, single.MeanPerWatcher, MinRatio: 0.8),
            new Comparison("slowest watcher", "events/s", many.SlowestPerWatcher, single.SlowestPerWatcher),
            new Comparison("aggregate delivered", "events/s", many.Aggregate, single.Aggregate),
            new Comparison("writes during the run", "creates/s", many.Writes.PerSecond, single.Writes.PerSecond),
            new Comparison("CPU per write, server and clients", "us", many.CpuPerWriteMicros, single.CpuPerWriteMicros),
        ],
        [
            $"{writes} pod creates ({PodManifest.Json("pod-000001").Length} bytes each) from {concurrency} clients per phase; " +
            "every watcher on its own HTTPS/1.1 connection, starting at the resourceVersion before the burst",
            single.Describe("1 watcher"),
            many.Describe($"{watchers} watchers"),
            $"delivering one event to one more watcher cost {(many.CpuPerWriteMicros - single.CpuPerWriteMicros) / Math.Max(watchers - 1, 1):0.0} us of CPU " +
            "(server and watch client together, both in this process)",
        ]);
    }

    static async Task<Phase> RunPhaseAsync(
        BenchCluster cluster, HttpClient writer, HttpClient watchClient, int watcherCount, int writes, int concurrency, string prefix,
        CancellationToken ct)
    {
        var from = cluster.Server.Store.CurrentRevision;
        var watches = await Task.WhenAll(Enumerable.Range(0, watcherCount).Select(_ =>
            WatchStream.OpenAsync(watchClient, KubeRequests.WatchPods(from), KubeRequests.WatchEventMarker, ct))).ConfigureAwait(false);
        try
        {
            var meter = ProcessMeter.Start();
            var started = Stopwatch.GetTimestamp();
            var delivered = watches.Select(w => w.WhenCountReaches(writes)).ToArray();
            var load = await LoadGenerator.RunAsync(concurrency, (i, t) =>
                LoadGenerator.SendExpectingAsync(writer, KubeRequests.CreatePod($"{prefix}-{i:D6}"), HttpStatusCode.Created, t),
                operations: writes, ct: ct).ConfigureAwait(false);
            if (load.Failed > 0) throw new InvalidOperationException($"{load.Failed} creates failed: {load.FirstError}");
            var finished = await Task.WhenAll(delivered).WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            var seconds = finished.Select(f => Stopwatch.GetElapsedTime(started, f).TotalSeconds).ToArray();
            return new Phase(watcherCount, writes, load, seconds, meter.Elapsed());
        }
        finally
        {
            foreach (var w in watches) await w.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One burst: the write load and, per watcher, seconds from the first write until it had every event.</summary>
    sealed record Phase(int Watchers, int Events, LoadResult Writes, double[] SecondsToAllEvents, ProcessCost Cost)
    {
        /// <summary>CPU of the whole phase (server, writers and watch clients, all in this process) per write.</summary>
        public double CpuPerWriteMicros => Cost.Cpu.TotalMicroseconds / Events;

        public double MeanPerWatcher => SecondsToAllEvents.Average(s => Events / s);
        public double SlowestPerWatcher => Events / SecondsToAllEvents.Max();
        public double Aggregate => (double)Events * Watchers / SecondsToAllEvents.Max();

        public string Describe(string label) =>
            $"{label}: writes took {Writes.Elapsed.TotalSeconds:0.00} s ({Writes.PerSecond:0} creates/s, p99 {Writes.Latency.PercentileMs(99):0.0} ms); " +
            $"watchers had every event after {SecondsToAllEvents.Min():0.00}-{SecondsToAllEvents.Max():0.00} s; " +
            $"{Cost.Describe()}; {CpuPerWriteMicros:0} us CPU per write";
    }
}
