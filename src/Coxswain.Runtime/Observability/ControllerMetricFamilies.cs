using Prometheus;

namespace Coxswain.Runtime.Observability;

/// <summary>
/// controller-runtime's reconcile families (<c>pkg/internal/controller/metrics/metrics.go</c>), labelled by
/// <c>controller</c> (and <c>result</c> for the reconcile counter).
/// </summary>
public sealed class ControllerMetricFamilies
{
    /// <summary>Values of the <c>result</c> label of <c>controller_runtime_reconcile_total</c>.</summary>
    public static class Results
    {
        public const string Success = "success";
        public const string Error = "error";
        public const string Requeue = "requeue";
        public const string RequeueAfter = "requeue_after";

        public static readonly IReadOnlyList<string> All = [Error, RequeueAfter, Requeue, Success];
    }

    /// <summary>controller-runtime's exact reconcile-time buckets, from 5 ms to 60 s.</summary>
    internal static readonly double[] ReconcileTimeBuckets =
    [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
        1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
    ];

    private static readonly string[] ControllerLabel = ["controller"];

    internal ControllerMetricFamilies(IMetricFactory factory)
    {
        ReconcileTotal = factory.CreateCounter(
            "controller_runtime_reconcile_total", "Total number of reconciliations per controller", ["controller", "result"]);
        ReconcileErrors = factory.CreateCounter(
            "controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller", ControllerLabel);
        TerminalReconcileErrors = factory.CreateCounter(
            "controller_runtime_terminal_reconcile_errors_total", "Total number of terminal reconciliation errors per controller", ControllerLabel);
        ReconcilePanics = factory.CreateCounter(
            "controller_runtime_reconcile_panics_total", "Total number of reconciliation panics per controller", ControllerLabel);
        ReconcileTime = factory.CreateHistogram(
            "controller_runtime_reconcile_time_seconds",
            "Length of time per reconciliation per controller",
            ControllerLabel,
            new HistogramConfiguration { Buckets = ReconcileTimeBuckets });
        MaxConcurrentReconciles = factory.CreateGauge(
            "controller_runtime_max_concurrent_reconciles", "Maximum number of concurrent reconciles per controller", ControllerLabel);
        ActiveWorkers = factory.CreateGauge(
            "controller_runtime_active_workers", "Number of currently used workers per controller", ControllerLabel);
    }

    public Counter ReconcileTotal { get; }

    public Counter ReconcileErrors { get; }

    public Counter TerminalReconcileErrors { get; }

    public Counter ReconcilePanics { get; }

    public Histogram ReconcileTime { get; }

    public Gauge MaxConcurrentReconciles { get; }

    public Gauge ActiveWorkers { get; }
}
