using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;
using Coxswain.Runtime.Watchers;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// Time for a cold pod cache (watcher + store, default transforms) to hold its first complete list: streaming list
/// (one watch with <c>sendInitialEvents=true</c>, objects arriving one event at a time) against paged list then watch
/// (pages of 500, client-go's default before streaming lists). Alternating rounds against the same server; the best
/// round of each is reported.
/// </summary>
public sealed class CacheSyncTime : IBenchmark
{
    public string Name => "cache-sync";

    public string Description => "time to sync a pod cache: streaming list (sendInitialEvents) vs paged list (limit 500)";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var count = options.Int("pods", 10_000);
        var rounds = Math.Max(1, options.Int("rounds", 3));
        await using var cluster = await PodCluster.StartAsync(count, ct).ConfigureAwait(false);

        var streaming = new List<TimeSpan>();
        var paged = new List<TimeSpan>();
        // A first sync of each kind warms the JIT and the connection.
        await CacheSync.RunAsync(cluster.Client, InitialListStrategy.StreamingList, ct).ConfigureAwait(false);
        await CacheSync.RunAsync(cluster.Client, InitialListStrategy.ListWatch, ct).ConfigureAwait(false);
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine($"  round {round + 1}/{rounds}");
            foreach (var strategy in round % 2 == 0
                ? new[] { InitialListStrategy.StreamingList, InitialListStrategy.ListWatch }
                : [InitialListStrategy.ListWatch, InitialListStrategy.StreamingList])
            {
                var (elapsed, cached, streamed) = await CacheSync.RunAsync(cluster.Client, strategy, ct).ConfigureAwait(false);
                if (cached != count) throw new InvalidOperationException($"{strategy}: cached {cached} of {count} pods");
                if (strategy == InitialListStrategy.StreamingList && !streamed) throw new InvalidOperationException("the server refused the streaming list");
                (strategy == InitialListStrategy.StreamingList ? streaming : paged).Add(elapsed);
            }
        }

        static string Seconds(IEnumerable<TimeSpan> times) => string.Join(", ", times.Select(t => $"{t.TotalSeconds:0.00}"));
        return new BenchmarkReport(Name, "paged list (limit 500) then watch",
            [
                new Comparison("cache sync time", "s", streaming.Min().TotalSeconds, paged.Min().TotalSeconds),
                new Comparison("objects cached per second", "/s", count / streaming.Min().TotalSeconds, count / paged.Min().TotalSeconds),
            ],
            [
                $"{count:N0} pods, {rounds} alternating rounds after one warm-up sync each; best round reported",
                $"streaming rounds (s): {Seconds(streaming)}; paged rounds (s): {Seconds(paged)}",
            ]);
    }
}
