namespace Coxswain.Bench.Runner;

/// <summary>
/// One measured figure next to its baseline. <see cref="Ratio"/> is always ours / baseline; <see cref="MinRatio"/> is the
/// target for figures where higher is better (throughput), <see cref="MaxRatio"/> for figures where lower is better
/// (memory). Figures without a target (latency) are shown for context only.
/// </summary>
public sealed record Comparison(string Metric, string Unit, double Ours, double? Baseline, double? MinRatio = null, double? MaxRatio = null)
{
    public double? Ratio => Baseline is > 0 ? Ours / Baseline : null;

    public bool? TargetMet => Ratio is not { } ratio ? null
        : MinRatio is { } min ? ratio >= min
        : MaxRatio is { } max ? ratio <= max
        : null;
}

/// <summary>What a benchmark hands back: what "baseline" meant in this run, the compared figures, and free-form notes.</summary>
public sealed record BenchmarkReport(string Benchmark, string BaselineName, IReadOnlyList<Comparison> Comparisons, IReadOnlyList<string> Notes);
