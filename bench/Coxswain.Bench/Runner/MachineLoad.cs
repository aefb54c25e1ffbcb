using System.Globalization;

namespace Coxswain.Bench.Runner;

/// <summary>
/// The 1-minute load average (Linux <c>/proc/loadavg</c>) next to the core count. Benchmarks run on shared machines: a load
/// far above the core count means neighbours took CPU from both sides of every comparison, and the figures per operation
/// (CPU, allocations) are then the steadier ones to read.
/// </summary>
public static class MachineLoad
{
    public static double? OneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public static string Describe(double? before, double? after) =>
        before is null || after is null
            ? $"{Environment.ProcessorCount} cores; load average unknown"
            : $"machine: {Environment.ProcessorCount} cores, 1-minute load average {before:0.0} before and {after:0.0} after" +
              (Math.Max(before.Value, after.Value) > Environment.ProcessorCount ? " (busy: other work competed for the CPU)" : "");
}
