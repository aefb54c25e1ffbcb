namespace Coxswain.Bench.Support;

/// <summary>
/// The CloneSet controller's reconciles between two scrapes of the manager's <c>/metrics</c>: how many, and the
/// p50/p90/p99 of <c>controller_runtime_reconcile_time_seconds{controller="cloneset"}</c> (estimated within its buckets,
/// as <c>histogram_quantile</c> does).
/// </summary>
public sealed record ReconcileLatency(double Count, double P50Ms, double P90Ms, double P99Ms)
{
    const string Histogram = "controller_runtime_reconcile_time_seconds";
    const string Labels = "controller=\"cloneset\"";

    public static ReconcileLatency Between(PrometheusScrape before, PrometheusScrape after)
    {
        var (b, a) = (before.Buckets(Histogram, Labels), after.Buckets(Histogram, Labels));
        var count = (after.Value($"{Histogram}_count{{{Labels}}}") ?? 0) - (before.Value($"{Histogram}_count{{{Labels}}}") ?? 0);
        return new ReconcileLatency(count,
            PrometheusScrape.Quantile(0.50, b, a) * 1000, PrometheusScrape.Quantile(0.90, b, a) * 1000, PrometheusScrape.Quantile(0.99, b, a) * 1000);
    }

    public string Describe() => $"{Count:0} CloneSet reconciles, reconcile time p50 {P50Ms:0.#} ms, p90 {P90Ms:0.#} ms, p99 {P99Ms:0.#} ms";
}
