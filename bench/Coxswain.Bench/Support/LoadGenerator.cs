using System.Diagnostics;

namespace Coxswain.Bench.Support;

/// <summary>The outcome of one load run: how many operations succeeded in how long, their latencies, and failures.</summary>
public sealed record LoadResult(long Succeeded, long Failed, TimeSpan Elapsed, LatencyStats Latency, string? FirstError)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;

    /// <summary>Several runs against the same target as if they were one (counts and times added, latencies pooled).</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> runs) => new(
        runs.Sum(r => r.Succeeded), runs.Sum(r => r.Failed), TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)),
        LatencyStats.Merge(runs.Select(r => r.Latency)), runs.Select(r => r.FirstError).FirstOrDefault(e => e is not null));
}

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers each issue one operation, wait for it, and issue the next, until the
/// duration is up or the operation budget is spent. Each operation gets a unique sequence number (for unique names).
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        int concurrency, Func<long, CancellationToken, Task> operation, TimeSpan? duration = null, long? operations = null,
        CancellationToken ct = default)
    {
        long next = 0, failed = 0;
        string? firstError = null;
        var latencies = new List<long>[concurrency];
        var clock = Stopwatch.StartNew();
        var deadline = duration ?? TimeSpan.MaxValue;
        var budget = operations ?? long.MaxValue;

        async Task Worker(int index)
        {
            var mine = latencies[index] = new List<long>(4096);
            while (!ct.IsCancellationRequested && clock.Elapsed < deadline)
            {
                var sequence = Interlocked.Increment(ref next);
                if (sequence > budget) return;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(sequence, ct).ConfigureAwait(false);
                    mine.Add(Stopwatch.GetTimestamp() - started);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(() => Worker(i), ct))).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var stats = new LatencyStats(latencies.SelectMany(l => l));
        return new LoadResult(stats.Count, failed, elapsed, stats, firstError);
    }

    /// <summary>Sends the request and fails (for <see cref="RunAsync"/> to count) unless the answer has the expected status.</summary>
    public static async Task SendExpectingAsync(HttpClient client, HttpRequestMessage request, System.Net.HttpStatusCode expected, CancellationToken ct)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (response.StatusCode != expected)
            throw new HttpRequestException($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
    }
}
