using Coxswain.Bench.Admission;
using Coxswain.Bench.Runner;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// Issue 5's admission overhead: creates/s through one mutating and one validating webhook against none, and the
/// webhook call's p50/p99 against a no-op Kestrel TLS endpoint. It prints its own table (see Admission/).
/// </summary>
public sealed class AdmissionOverhead : IBenchmark
{
    public string Name => "admission";

    public string Description => "creates/s with a mutating + validating webhook vs none; webhook call p99 vs a no-op TLS endpoint";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        await AdmissionOverheadBenchmark.RunAsync(
            options.Int("creates", 2000), options.Int("concurrency", 32), options.Int("calls", 20000), options.Int("call-concurrency", 200));
        return new BenchmarkReport(Name, "no webhooks / no-op TLS endpoint", [], ["figures are in the table printed above"]);
    }
}
