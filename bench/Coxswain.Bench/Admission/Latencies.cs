using System.Diagnostics;

namespace Coxswain.Bench.Admission;

/// <summary>Runs an operation many times at a fixed concurrency and reports throughput and latency percentiles.</summary>
sealed record Latencies(int Count, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public static async Task<Latencies> MeasureAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var samples = new double[count];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                await operation(i);
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        total.Stop();
        Array.Sort(samples);
        return new Latencies(count, total.Elapsed, samples[count / 2], samples[Math.Min(count - 1, (int)(count * 0.99))]);
    }
}
