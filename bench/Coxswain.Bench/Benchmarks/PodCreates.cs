using System.Net;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// Pod creates per second through our API server (HTTPS, auth, JSON decoding and model validation, the durable SQLite
/// store with group commit, one open watch receiving every event) against raw puts of the same pod bytes into etcd, the
/// floor kube-apiserver stands on, at the same concurrency, with a prefix watch open there too.
/// </summary>
public sealed class PodCreates : IBenchmark
{
    public string Name => "pod-creates";

    public string Description => "pod creates/s through our server (HTTPS+decode+durable store+watch) vs raw etcd puts of the same bytes";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var plan = new Plan(options.Int("concurrency", 32), options.Seconds("warmup", 2), options.Seconds("seconds", 10));
        var http2 = options.Flag("http2");
        var inMemory = options.Flag("in-memory");
        var notes = new List<string>
        {
            $"{plan.Concurrency} closed-loop clients, {plan.Warmup.TotalSeconds:0.#} s warm-up then {plan.Measure.TotalSeconds:0.#} s measured; " +
            $"pod body {PodManifest.Json("pod-000001").Length} bytes; ours over HTTPS {(http2 ? "HTTP/2 (one multiplexed connection)" : "HTTP/1.1 (a connection per client)")}",
        };

        Console.WriteLine($"  ours: starting the local API server ({(inMemory ? "IN-MEMORY store: for profiling only" : "durable store")})");
        var ours = await MeasureOursAsync(plan, http2, inMemory, ct).ConfigureAwait(false);
        notes.Add(ours.Describe("ours"));

        Measured? etcd = null;
        string baselineName;
        if (EtcdServer.EnsureInstalled(m => Console.WriteLine($"  {m}")) is { } missing)
        {
            baselineName = "etcd (unavailable)";
            notes.Add($"etcd baseline skipped: {missing}");
        }
        else
        {
            Console.WriteLine("  etcd: starting etcd on loopback");
            await using var server = await EtcdServer.StartAsync(ct).ConfigureAwait(false);
            baselineName = $"etcd {server.Version}, raw puts via its JSON gateway (/v3/kv/put) over HTTP/1.1, prefix watch open";
            etcd = await MeasureEtcdAsync(server, plan, ct).ConfigureAwait(false);
            notes.Add(etcd.Describe("etcd"));
        }

        return new BenchmarkReport(Name, baselineName,
        [
            new Comparison("creates/s", "ops/s", ours.Load.PerSecond, etcd?.Load.PerSecond, MinRatio: 1.0),
            new Comparison("p50 latency", "ms", ours.Load.Latency.PercentileMs(50), etcd?.Load.Latency.PercentileMs(50)),
            new Comparison("p99 latency", "ms", ours.Load.Latency.PercentileMs(99), etcd?.Load.Latency.PercentileMs(99)),
            new Comparison("CPU per create", "us", ours.CpuPerCreateMicros, etcd?.CpuPerCreateMicros),
        ], notes);
    }

    static async Task<Measured> MeasureOursAsync(Plan plan, bool http2, bool inMemory, CancellationToken ct)
    {
        await using var cluster = await BenchCluster.StartAsync(ct, inMemory).ConfigureAwait(false);
        using var client = cluster.CreateClient(http2);
        using var watchClient = cluster.CreateClient(http2: false);
        await using var watch = await WatchStream.OpenAsync(watchClient, KubeRequests.WatchPods(cluster.Server.Store.CurrentRevision),
            KubeRequests.WatchEventMarker, ct).ConfigureAwait(false);
        return await MeasureAsync(plan, watch, (name, token) =>
            LoadGenerator.SendExpectingAsync(client, KubeRequests.CreatePod(name), HttpStatusCode.Created, token), null, ct).ConfigureAwait(false);
    }

    static async Task<Measured> MeasureEtcdAsync(EtcdServer server, Plan plan, CancellationToken ct)
    {
        using var client = BenchHttp.Create(server.ClientUrl, http2: false);
        using var watchClient = BenchHttp.Create(server.ClientUrl, http2: false);
        await using var watch = await WatchStream.OpenAsync(watchClient, EtcdGateway.WatchPrefix(PodManifest.EtcdPrefix),
            EtcdGateway.WatchEventMarker, ct).ConfigureAwait(false);
        return await MeasureAsync(plan, watch, (name, token) =>
            LoadGenerator.SendExpectingAsync(client, EtcdGateway.Put(PodManifest.EtcdKey(name), PodManifest.Json(name)), HttpStatusCode.OK, token),
            server.Process, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Warm-up, then the measured run (with the CPU it took here and in <paramref name="serverProcess"/>, when the server is
    /// another process), then how many of all the writes the open watch saw.
    /// </summary>
    static async Task<Measured> MeasureAsync(
        Plan plan, WatchStream watch, Func<string, CancellationToken, Task> create, System.Diagnostics.Process? serverProcess, CancellationToken ct)
    {
        var warm = await LoadGenerator.RunAsync(plan.Concurrency, (i, t) => create($"warm-{i:D6}", t), plan.Warmup, ct: ct).ConfigureAwait(false);
        var cpu = CpuMeter.Start(serverProcess);
        var load = await LoadGenerator.RunAsync(plan.Concurrency, (i, t) => create($"pod-{i:D6}", t), plan.Measure, ct: ct).ConfigureAwait(false);
        var (self, other) = cpu.Elapsed();
        var written = warm.Succeeded + load.Succeeded;
        try
        {
            await watch.WhenCountReaches(written).WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        }
        catch (TimeoutException) { } // reported below as events missing
        return new Measured(load, watch.Events, written, self, other);
    }

    sealed record Plan(int Concurrency, TimeSpan Warmup, TimeSpan Measure);

    sealed record Measured(LoadResult Load, long WatchEvents, long Written, TimeSpan BenchProcessCpu, TimeSpan ServerProcessCpu)
    {
        /// <summary>All CPU the measured run cost, load generator included (the same client code on both sides).</summary>
        public double CpuPerCreateMicros => (BenchProcessCpu + ServerProcessCpu).TotalMicroseconds / Math.Max(Load.Succeeded, 1);

        public string Describe(string who) =>
            $"{who}: {Load.Succeeded} creates in {Load.Elapsed.TotalSeconds:0.0} s, {Load.Failed} failed" +
            (Load.FirstError is { } e ? $" (first: {e[..Math.Min(e.Length, 200)]})" : "") +
            $"; p50 {Load.Latency.PercentileMs(50):0.00} ms, p99 {Load.Latency.PercentileMs(99):0.00} ms, max {Load.Latency.MaxMs:0.0} ms" +
            $"; watch saw {WatchEvents} of {Written} writes; CPU {BenchProcessCpu.TotalSeconds:0.0} s in this process" +
            (ServerProcessCpu > TimeSpan.Zero ? $" + {ServerProcessCpu.TotalSeconds:0.0} s in the server process" : "");
    }
}
