namespace Coxswain.Bench.Runner;

/// <summary>
/// One benchmark. Implementations are found by reflection (any non-abstract class with a parameterless constructor), so a new
/// benchmark is one new file under Benchmarks/ and nothing else.
/// </summary>
public interface IBenchmark
{
    /// <summary>The name given on the command line (<c>pod-creates</c>).</summary>
    string Name { get; }

    /// <summary>One line for <c>--list</c>: what is measured and against what.</summary>
    string Description { get; }

    Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct);
}
