using System.Diagnostics;
using System.Net;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// Watch fan-out: the same burst of pod creates watched by one watcher, then by many (100) at once, each on its own HTTPS
/// connection as separate clients would be. A watcher's rate is the burst size over the time from the first write to its
/// last event; the target is that 100 watchers each still get at least 0.8x the single watcher's rate, which holds only if
/// an event is serialized once and its bytes shared, not re-encoded per watcher.
/// <para>
/// The watch clients run in a child process, so the report can say what fan-out costs the server (this process: server
/// and writers) apart from what receiving costs the clients; on one shared 2-core machine both still compete for the CPU.
/// </para>
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
        using var scratch = new TempDirectory("watchers");
        var caFile = Path.Combine(scratch.Path, "ca.crt");
        await File.WriteAllTextAsync(caFile, cluster.Server.CertificateAuthorityPem, ct).ConfigureAwait(false);

        // Our server's JIT needs 10,000-15,000 requests to settle (tiered compilation, dynamic PGO); warm it with a watcher open.
        Console.WriteLine("  warming up");
        using (var watchClient = cluster.CreateClient(http2: false))
        await using (var warmWatch = await WatchStream.OpenAsync(watchClient, KubeRequests.WatchPods(cluster.Server.Store.CurrentRevision),
                         KubeRequests.WatchEventMarker, ct).ConfigureAwait(false))
        {
            await LoadGenerator.RunAsync(concurrency, (i, t) =>
                LoadGenerator.SendExpectingAsync(writer, KubeRequests.CreatePod($"warm-{i:D6}"), HttpStatusCode.Created, t),
                options.Seconds("warmup", 12), ct: ct).ConfigureAwait(false);
        }

        Console.WriteLine($"  1 watcher, {writes} creates");
        var single = await RunPhaseAsync(cluster, caFile, writer, 1, writes, concurrency, "one", ct).ConfigureAwait(false);
        Console.WriteLine($"  {watchers} watchers, {writes} creates");
        var many = await RunPhaseAsync(cluster, caFile, writer, watchers, writes, concurrency, "many", ct).ConfigureAwait(false);

        double PerExtraWatcher(Func<Phase, double> perWrite) => (perWrite(many) - perWrite(single)) / Math.Max(watchers - 1, 1);
        return new BenchmarkReport(Name, "the same writes watched by 1 watcher",
        [
            new Comparison($"events/s per watcher, {watchers} vs 1", "events/s", many.MeanPerWatcher, single.MeanPerWatcher, MinRatio: 0.8),
            new Comparison("slowest watcher", "events/s", many.SlowestPerWatcher, single.SlowestPerWatcher),
            new Comparison("aggregate delivered", "events/s", many.Aggregate, single.Aggregate),
            new Comparison("writes during the run", "creates/s", many.Writes.PerSecond, single.Writes.PerSecond),
            new Comparison("server CPU per write (+writers)", "us", many.ServerCpuPerWrite, single.ServerCpuPerWrite),
            new Comparison("watch-client CPU per write", "us", many.ClientCpuPerWrite, single.ClientCpuPerWrite),
        ],
        [
            $"{writes} pod creates ({PodManifest.Json("pod-000001").Length} bytes each) from {concurrency} clients per phase; " +
            "every watcher on its own HTTPS/1.1 connection from a separate watch-client process, starting at the resourceVersion before the burst",
            single.Describe("1 watcher"),
            many.Describe($"{watchers} watchers"),
            $"one event to one more watcher cost {PerExtraWatcher(p => p.ServerCpuPerWrite):0.0} us of server CPU " +
            $"and {PerExtraWatcher(p => p.ClientCpuPerWrite):0.0} us in the receiving client",
        ]);
    }

    static async Task<Phase> RunPhaseAsync(
        BenchCluster cluster, string caFile, HttpClient writer, int watcherCount, int writes, int concurrency, string prefix, CancellationToken ct)
    {
        await using var watchers = await WatcherProcess.StartAsync(cluster, caFile, watcherCount, cluster.Server.Store.CurrentRevision, writes, ct)
            .ConfigureAwait(false);
        var meter = ProcessMeter.Start();
        var started = Stopwatch.GetTimestamp();
        var load = await LoadGenerator.RunAsync(concurrency, (i, t) =>
            LoadGenerator.SendExpectingAsync(writer, KubeRequests.CreatePod($"{prefix}-{i:D6}"), HttpStatusCode.Created, t),
            operations: writes, ct: ct).ConfigureAwait(false);
        if (load.Failed > 0) throw new InvalidOperationException($"{load.Failed} creates failed: {load.FirstError}");
        var outcome = await watchers.WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        var seconds = outcome.ReachedAt.Select(at => Stopwatch.GetElapsedTime(started, at).TotalSeconds).ToArray();
        return new Phase(watcherCount, writes, load, seconds, meter.Elapsed(), outcome.Cpu);
    }

    /// <summary>
    /// One burst: the write load; per watcher, seconds from the first write until it had every event; what the burst cost
    /// this process (server and writers) and the watch-client process.
    /// </summary>
    sealed record Phase(int Watchers, int Events, LoadResult Writes, double[] SecondsToAllEvents, ProcessCost ServerCost, TimeSpan ClientCpu)
    {
        public double ServerCpuPerWrite => ServerCost.Cpu.TotalMicroseconds / Events;
        public double ClientCpuPerWrite => ClientCpu.TotalMicroseconds / Events;
        public double MeanPerWatcher => SecondsToAllEvents.Average(s => Events / s);
        public double SlowestPerWatcher => Events / SecondsToAllEvents.Max();
        public double Aggregate => (double)Events * Watchers / SecondsToAllEvents.Max();

        public string Describe(string label) =>
            $"{label}: writes took {Writes.Elapsed.TotalSeconds:0.00} s ({Writes.PerSecond:0} creates/s, p99 {Writes.Latency.PercentileMs(99):0.0} ms); " +
            $"watchers had every event after {SecondsToAllEvents.Min():0.00}-{SecondsToAllEvents.Max():0.00} s; " +
            $"server process: {ServerCost.Describe()}; watch clients: CPU {ClientCpu.TotalSeconds:0.0} s";
    }
}
