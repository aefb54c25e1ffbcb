using System.Diagnostics;
using System.Net;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// Pod creates per second through our API server (HTTPS, auth, JSON decoding and model validation, the durable SQLite
/// store with group commit, one open watch receiving every event) against raw puts of the same pod bytes into etcd, the
/// floor kube-apiserver stands on, at the same concurrency, with a prefix watch open there too.
/// <para>
/// Both targets run side by side and are measured in alternating rounds, so that whatever else the (shared, 2-core) machine
/// is doing weighs on both alike; the per-round ratios show how steady the comparison was.
/// </para>
/// </summary>
public sealed class PodCreates : IBenchmark
{
    public string Name => "pod-creates";

    public string Description => "pod creates/s through our server (HTTPS+decode+durable store+watch) vs raw etcd puts of the same bytes";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var concurrency = options.Int("concurrency", 32);
        // Our server needs its JIT to settle: tiered compilation with dynamic PGO takes 10,000-15,000 requests to reach
        // steady code here. etcd is compiled Go and only needs its caches and connections warm.
        var warmup = options.Seconds("warmup", 12);
        var etcdWarmup = TimeSpan.FromSeconds(Math.Min(warmup.TotalSeconds, 2));
        var measure = options.Seconds("seconds", 12);
        var rounds = Math.Max(1, options.Int("rounds", 6));
        var http2 = options.Flag("http2");
        var inMemory = options.Flag("in-memory");
        var notes = new List<string>
        {
            $"{concurrency} closed-loop clients; {warmup.TotalSeconds:0.#} s warm-up (etcd {etcdWarmup.TotalSeconds:0.#} s), then {measure.TotalSeconds:0.#} s each measured in {rounds} alternating rounds; " +
            $"pod body {PodManifest.Json("pod-000001").Length} bytes; ours over HTTPS " +
            (http2 ? "HTTP/2 (one multiplexed connection)" : "HTTP/1.1 (a connection per client)") +
            (inMemory ? "; ours with the IN-MEMORY store (profiling only, not the target configuration)" : ""),
        };

        Console.WriteLine($"  ours: starting the local API server ({(inMemory ? "in-memory" : "durable")} store)");
        await using var cluster = await BenchCluster.StartAsync(ct, inMemory).ConfigureAwait(false);
        using var client = cluster.CreateClient(http2);
        using var watchClient = cluster.CreateClient(http2: false);
        await using var ourWatch = await WatchStream.OpenAsync(watchClient, KubeRequests.WatchPods(cluster.Server.Store.CurrentRevision),
            KubeRequests.WatchEventMarker, ct).ConfigureAwait(false);
        var sides = new List<Side>
        {
            new("ours", warmup, ourWatch, null, (name, t) =>
                LoadGenerator.SendExpectingAsync(client, KubeRequests.CreatePod(name), HttpStatusCode.Created, t)),
        };

        var baselineName = "etcd (skipped: --no-etcd)";
        EtcdServer? etcd = null;
        HttpClient? etcdClient = null, etcdWatchClient = null;
        WatchStream? etcdWatch = null;
        try
        {
            if (!options.Flag("no-etcd"))
            {
                if (EtcdServer.EnsureInstalled(m => Console.WriteLine($"  {m}")) is { } missing)
                {
                    baselineName = "etcd (unavailable)";
                    notes.Add($"etcd baseline skipped: {missing}");
                }
                else
                {
                    Console.WriteLine("  etcd: starting etcd on loopback");
                    etcd = await EtcdServer.StartAsync(ct).ConfigureAwait(false);
                    baselineName = $"etcd {etcd.Version}, raw puts of the same bytes via its JSON gateway (/v3/kv/put) over HTTP/1.1, prefix watch open";
                    etcdClient = BenchHttp.Create(etcd.ClientUrl, http2: false);
                    etcdWatchClient = BenchHttp.Create(etcd.ClientUrl, http2: false);
                    etcdWatch = await WatchStream.OpenAsync(etcdWatchClient, EtcdGateway.WatchPrefix(PodManifest.EtcdPrefix),
                        EtcdGateway.WatchEventMarker, ct).ConfigureAwait(false);
                    var puts = etcdClient;
                    sides.Add(new Side("etcd", etcdWarmup, etcdWatch, etcd.Process, (name, t) =>
                        LoadGenerator.SendExpectingAsync(puts, EtcdGateway.Put(PodManifest.EtcdKey(name), PodManifest.Json(name)), HttpStatusCode.OK, t)));
                }
            }

            foreach (var side in sides)
            {
                Console.WriteLine($"  {side.Name}: warming up");
                await side.RunAsync(concurrency, side.Warmup, "warm", ct).ConfigureAwait(false);
            }
            for (var round = 0; round < rounds; round++)
            {
                Console.WriteLine($"  round {round + 1}/{rounds}");
                // Alternate who goes first, so neither always runs right after the other's burst.
                foreach (var side in round % 2 == 0 ? sides : sides.AsEnumerable().Reverse())
                    await side.MeasureRoundAsync(concurrency, measure / rounds, $"r{round}", ct).ConfigureAwait(false);
            }
            foreach (var side in sides) await side.AwaitWatchAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            if (etcdWatch is not null) await etcdWatch.DisposeAsync().ConfigureAwait(false);
            etcdClient?.Dispose();
            etcdWatchClient?.Dispose();
            if (etcd is not null) await etcd.DisposeAsync().ConfigureAwait(false);
        }

        var ours = sides[0];
        var theirs = sides.Count > 1 ? sides[1] : null;
        notes.AddRange(sides.Select(s => s.Describe()));
        if (theirs is not null)
            notes.Add("ratio per round: " + string.Join(", ", ours.Rounds.Zip(theirs.Rounds, (a, b) => (a.PerSecond / b.PerSecond).ToString("0.00"))));
        return new BenchmarkReport(Name, baselineName,
        [
            new Comparison("creates/s", "ops/s", ours.Total.PerSecond, theirs?.Total.PerSecond, MinRatio: 1.0),
            new Comparison("p50 latency", "ms", ours.Total.Latency.PercentileMs(50), theirs?.Total.Latency.PercentileMs(50)),
            new Comparison("p99 latency", "ms", ours.Total.Latency.PercentileMs(99), theirs?.Total.Latency.PercentileMs(99)),
            new Comparison("CPU per create, all processes", "us", ours.CpuPerCreateMicros, theirs?.CpuPerCreateMicros),
        ], notes);
    }

    /// <summary>One target under load: how to create a pod there, its open watch, and what its rounds measured.</summary>
    sealed class Side(string name, TimeSpan warmup, WatchStream watch, Process? serverProcess, Func<string, CancellationToken, Task> create)
    {
        ProcessCost cost = ProcessCost.Zero;

        public string Name => name;
        public TimeSpan Warmup => warmup;
        public List<LoadResult> Rounds { get; } = [];
        public long Written { get; private set; }
        public LoadResult Total => LoadResult.Combine(Rounds);

        /// <summary>All CPU the measured rounds cost, the load generator's included (the same client code on both sides).</summary>
        public double CpuPerCreateMicros => (cost.Cpu + cost.OtherCpu).TotalMicroseconds / Math.Max(Total.Succeeded, 1);

        public async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, string namePrefix, CancellationToken ct)
        {
            var result = await LoadGenerator.RunAsync(concurrency, (i, t) => create($"{namePrefix}-{i:D6}", t), duration, ct: ct).ConfigureAwait(false);
            Written += result.Succeeded;
            return result;
        }

        public async Task MeasureRoundAsync(int concurrency, TimeSpan duration, string namePrefix, CancellationToken ct)
        {
            var meter = ProcessMeter.Start(serverProcess);
            Rounds.Add(await RunAsync(concurrency, duration, namePrefix, ct).ConfigureAwait(false));
            cost = cost.Add(meter.Elapsed());
        }

        /// <summary>Gives the watch time to deliver every write; a shortfall shows in <see cref="Describe"/>.</summary>
        public async Task AwaitWatchAsync(CancellationToken ct)
        {
            try { await watch.WhenCountReaches(Written).WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false); }
            catch (TimeoutException) { }
        }

        public string Describe()
        {
            var total = Total;
            return $"{name}: {total.Succeeded} creates in {total.Elapsed.TotalSeconds:0.0} s, {total.Failed} failed" +
                (total.FirstError is { } e ? $" (first: {e[..Math.Min(e.Length, 200)]})" : "") +
                $"; p50 {total.Latency.PercentileMs(50):0.00} ms, p99 {total.Latency.PercentileMs(99):0.00} ms, max {total.Latency.MaxMs:0.0} ms" +
                $"; watch saw {watch.Events} of {Written} writes; {cost.Describe()}" +
                $" ({cost.AllocatedBytes / 1024.0 / Math.Max(total.Succeeded, 1):0} KB per create)";
        }
    }
}
