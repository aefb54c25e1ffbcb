using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// Pod creates per second through our API server (HTTPS, auth, JSON decoding, defaulting and validation, the durable
/// SQLite store with group commit, one open watch receiving every event) against raw puts of the same pod bytes into etcd,
/// the floor kube-apiserver stands on, at the same concurrency, with a prefix watch open there too.
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
        var notes = new List<string>
        {
            $"{concurrency} closed-loop clients; {warmup.TotalSeconds:0.#} s warm-up (etcd {etcdWarmup.TotalSeconds:0.#} s), " +
            $"then {measure.TotalSeconds:0.#} s each measured in {rounds} alternating rounds; pod body {PodManifest.Json("pod-000001").Length} bytes",
        };

        Console.WriteLine("  ours: starting the local API server");
        await using var ourStore = await ClusterPodStore.StartAsync(options.Flag("http2"), options.Flag("in-memory"), ct).ConfigureAwait(false);
        await using var etcdStore = await StartEtcdAsync(options, notes, ct).ConfigureAwait(false);
        notes.Add($"ours = {ourStore.Description}");
        var ours = new Side(ourStore, warmup);
        var etcd = etcdStore is null ? null : new Side(etcdStore, etcdWarmup);
        Side[] sides = etcd is null ? [ours] : [ours, etcd];

        foreach (var side in sides)
        {
            Console.WriteLine($"  {side.Name}: warming up");
            await side.RunAsync(concurrency, side.Warmup, "warm", ct).ConfigureAwait(false);
        }
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine($"  round {round + 1}/{rounds}");
            // Alternate who goes first, so neither always runs right after the other's burst.
            foreach (var side in round % 2 == 0 ? sides : sides.Reverse())
                await side.MeasureRoundAsync(concurrency, measure / rounds, $"r{round}", ct).ConfigureAwait(false);
        }
        foreach (var side in sides) await side.AwaitWatchAsync(ct).ConfigureAwait(false);

        notes.AddRange(sides.Select(s => s.Describe()));
        if (etcd is not null)
            notes.Add("ratio per round: " + string.Join(", ", ours.Rounds.Zip(etcd.Rounds, (a, b) => (a.PerSecond / b.PerSecond).ToString("0.00"))));
        return new BenchmarkReport(Name, etcdStore?.Description ?? "etcd (not run)",
        [
            new Comparison("creates/s", "ops/s", ours.Total.PerSecond, etcd?.Total.PerSecond, MinRatio: 1.0),
            new Comparison("p50 latency", "ms", ours.Total.Latency.PercentileMs(50), etcd?.Total.Latency.PercentileMs(50)),
            new Comparison("p99 latency", "ms", ours.Total.Latency.PercentileMs(99), etcd?.Total.Latency.PercentileMs(99)),
            new Comparison("CPU per create, all processes", "us", ours.CpuPerCreateMicros, etcd?.CpuPerCreateMicros),
        ], notes);
    }

    /// <summary>etcd on loopback, installed first if need be; null (with a note saying why) when it cannot or should not run.</summary>
    static async Task<EtcdPodStore?> StartEtcdAsync(BenchOptions options, List<string> notes, CancellationToken ct)
    {
        if (options.Flag("no-etcd"))
        {
            notes.Add("etcd baseline skipped: --no-etcd");
            return null;
        }
        if (EtcdServer.EnsureInstalled(m => Console.WriteLine($"  {m}")) is { } missing)
        {
            notes.Add($"etcd baseline skipped: {missing}");
            return null;
        }
        Console.WriteLine("  etcd: starting etcd on loopback");
        return await EtcdPodStore.StartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>One pod store under load: its warm-up, and what its measured rounds took and cost.</summary>
    sealed class Side(IPodStore store, TimeSpan warmup)
    {
        ProcessCost cost = ProcessCost.Zero;

        public string Name => store.Name;
        public TimeSpan Warmup => warmup;
        public List<LoadResult> Rounds { get; } = [];
        public long Written { get; private set; }
        public LoadResult Total => LoadResult.Combine(Rounds);

        /// <summary>All CPU the measured rounds cost, the load generator's included (the same client code on both sides).</summary>
        public double CpuPerCreateMicros => (cost.Cpu + cost.OtherCpu).TotalMicroseconds / Math.Max(Total.Succeeded, 1);

        public async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, string namePrefix, CancellationToken ct)
        {
            var result = await LoadGenerator.RunAsync(concurrency, (i, t) => store.CreateAsync($"{namePrefix}-{i:D6}", t), duration, ct: ct)
                .ConfigureAwait(false);
            Written += result.Succeeded;
            return result;
        }

        public async Task MeasureRoundAsync(int concurrency, TimeSpan duration, string namePrefix, CancellationToken ct)
        {
            var meter = ProcessMeter.Start(store.ServerProcess);
            Rounds.Add(await RunAsync(concurrency, duration, namePrefix, ct).ConfigureAwait(false));
            cost = cost.Add(meter.Elapsed());
        }

        /// <summary>Gives the watch time to deliver every write; a shortfall shows in <see cref="Describe"/>.</summary>
        public async Task AwaitWatchAsync(CancellationToken ct)
        {
            try { await store.Watch.WhenCountReaches(Written).WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false); }
            catch (TimeoutException) { }
        }

        public string Describe()
        {
            var total = Total;
            return $"{Name}: {total.Succeeded} creates in {total.Elapsed.TotalSeconds:0.0} s, {total.Failed} failed" +
                (total.FirstError is { } e ? $" (first: {e[..Math.Min(e.Length, 200)]})" : "") +
                $"; p50 {total.Latency.PercentileMs(50):0.00} ms, p99 {total.Latency.PercentileMs(99):0.00} ms, max {total.Latency.MaxMs:0.0} ms" +
                $"; watch saw {store.Watch.Events} of {Written} writes; {cost.Describe()}" +
                $" ({cost.AllocatedBytes / 1024.0 / Math.Max(total.Succeeded, 1):0} KB per create)";
        }
    }
}
