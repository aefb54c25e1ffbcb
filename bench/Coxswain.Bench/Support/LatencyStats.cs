using System.Diagnostics;

namespace Coxswain.Bench.Support;

/// <summary>Percentiles of a set of operation latencies (nearest-rank).</summary>
public sealed class LatencyStats
{
    readonly long[] sortedTicks;

    public LatencyStats(IEnumerable<long> stopwatchTicks)
    {
        sortedTicks = stopwatchTicks.ToArray();
        Array.Sort(sortedTicks);
    }

    public int Count => sortedTicks.Length;

    public static LatencyStats Merge(IEnumerable<LatencyStats> parts) => new(parts.SelectMany(p => p.sortedTicks));

    /// <summary>The latency below which <paramref name="percent"/>% of operations finished, in milliseconds.</summary>
    public double PercentileMs(double percent)
    {
        if (sortedTicks.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100 * sortedTicks.Length) - 1;
        return TicksToMs(sortedTicks[Math.Clamp(rank, 0, sortedTicks.Length - 1)]);
    }

    public double MaxMs => sortedTicks.Length == 0 ? double.NaN : TicksToMs(sortedTicks[^1]);

    static double TicksToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
