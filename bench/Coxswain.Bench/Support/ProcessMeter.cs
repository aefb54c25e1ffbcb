using System.Diagnostics;

namespace Coxswain.Bench.Support;

/// <summary>What a stretch of work cost: CPU of this process and of another one (the etcd server), and this process's GC work.</summary>
public sealed record ProcessCost(TimeSpan Cpu, TimeSpan OtherCpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause)
{
    public static readonly ProcessCost Zero = new(TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0, 0, TimeSpan.Zero);

    public ProcessCost Add(ProcessCost o) => new(Cpu + o.Cpu, OtherCpu + o.OtherCpu, AllocatedBytes + o.AllocatedBytes,
        Gen0 + o.Gen0, Gen1 + o.Gen1, Gen2 + o.Gen2, GcPause + o.GcPause);

    /// <summary>"CPU 7.3 s, allocated 1.2 GB, GCs 310/40/2, GC pauses 0.9 s" for a report note.</summary>
    public string Describe() =>
        $"CPU {Cpu.TotalSeconds:0.0} s in this process" + (OtherCpu > TimeSpan.Zero ? $" + {OtherCpu.TotalSeconds:0.0} s in the server process" : "") +
        $", allocated {AllocatedBytes / 1e9:0.00} GB, GCs gen0/1/2 {Gen0}/{Gen1}/{Gen2}, GC pauses {GcPause.TotalSeconds:0.00} s";
}

/// <summary>
/// Measures <see cref="ProcessCost"/> between <see cref="Start"/> and <see cref="Elapsed"/>. On a machine shared with other
/// work, throughput swings with the neighbours' load while CPU and allocations per operation stay put, so reports show both.
/// </summary>
public sealed class ProcessMeter
{
    readonly Process? other;
    readonly ProcessCost start;

    ProcessMeter(Process? other)
    {
        this.other = other;
        start = Now();
    }

    /// <param name="other">Another process whose CPU counts too (a server that is not in this process).</param>
    public static ProcessMeter Start(Process? other = null) => new(other);

    public ProcessCost Elapsed()
    {
        var now = Now();
        return new ProcessCost(now.Cpu - start.Cpu, now.OtherCpu - start.OtherCpu, now.AllocatedBytes - start.AllocatedBytes,
            now.Gen0 - start.Gen0, now.Gen1 - start.Gen1, now.Gen2 - start.Gen2, now.GcPause - start.GcPause);
    }

    ProcessCost Now()
    {
        other?.Refresh();
        return new ProcessCost(Process.GetCurrentProcess().TotalProcessorTime, other?.TotalProcessorTime ?? TimeSpan.Zero,
            GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    }
}
