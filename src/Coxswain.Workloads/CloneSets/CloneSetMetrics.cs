using Prometheus;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// The CloneSet controller's own Prometheus family, named and labelled as OpenKruise's so its dashboards and alerts work:
/// <c>cloneset_scale_expectation_leakage{namespace,name}</c>, counted each time a reconcile finds the CloneSet's scale
/// expectations unsatisfied for longer than the expectation timeout.
/// </summary>
public sealed class CloneSetMetrics
{
    static readonly Lazy<CloneSetMetrics> DefaultInstance = new(() => new CloneSetMetrics(Metrics.DefaultRegistry));

    public CloneSetMetrics(CollectorRegistry registry)
    {
        ScaleExpectationLeakage = Metrics.WithCustomRegistry(registry).CreateCounter(
            "cloneset_scale_expectation_leakage", "CloneSet Scale Expectation Leakage Metrics", ["namespace", "name"]);
    }

    /// <summary>The family on prometheus-net's default registry (the one <c>/metrics</c> serves).</summary>
    public static CloneSetMetrics Default => DefaultInstance.Value;

    public Counter ScaleExpectationLeakage { get; }
}
