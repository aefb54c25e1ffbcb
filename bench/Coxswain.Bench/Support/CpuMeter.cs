using System.Diagnostics;

namespace Coxswain.Bench.Support;

/// <summary>
/// CPU time spent by this process and, optionally, another one (the etcd server) between start and stop. On a machine
/// shared with other work, throughput swings with the neighbours' load while CPU per operation stays put, so the reports
/// show both.
/// </summary>
public sealed class CpuMeter
{
    readonly Process? other;
    readonly TimeSpan startSelf, startOther;

    CpuMeter(Process? other)
    {
        this.other = other;
        startSelf = Process.GetCurrentProcess().TotalProcessorTime;
        startOther = OtherCpu();
    }

    public static CpuMeter Start(Process? other = null) => new(other);

    /// <summary>CPU used by this process and by the other one since <see cref="Start"/>.</summary>
    public (TimeSpan Self, TimeSpan Other) Elapsed() =>
        (Process.GetCurrentProcess().TotalProcessorTime - startSelf, OtherCpu() - startOther);

    TimeSpan OtherCpu()
    {
        if (other is null) return TimeSpan.Zero;
        other.Refresh();
        return other.TotalProcessorTime;
    }
}
