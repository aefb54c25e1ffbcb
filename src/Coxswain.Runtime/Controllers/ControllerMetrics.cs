using Coxswain.Runtime.Observability;
using Prometheus;

namespace Coxswain.Runtime.Controllers;

/// <summary>One controller's series of the <c>controller_runtime_*</c> families.</summary>
internal sealed class ControllerMetrics
{
    private readonly ControllerMetricFamilies _families;
    private readonly string _controller;

    public ControllerMetrics(ControllerMetricFamilies families, string controller)
    {
        _families = families;
        _controller = controller;
        Errors = families.ReconcileErrors.WithLabels(controller);
        TerminalErrors = families.TerminalReconcileErrors.WithLabels(controller);
        Panics = families.ReconcilePanics.WithLabels(controller);
        ReconcileTime = families.ReconcileTime.WithLabels(controller);
        ActiveWorkers = families.ActiveWorkers.WithLabels(controller);
    }

    public Counter.Child Errors { get; }

    public Counter.Child TerminalErrors { get; }

    public Counter.Child Panics { get; }

    public Histogram.Child ReconcileTime { get; }

    public Gauge.Child ActiveWorkers { get; }

    public void Reconciled(string result) => _families.ReconcileTotal.WithLabels(_controller, result).Inc();

    /// <summary>
    /// Publishes every series at its starting value, as controller-runtime does on start, so a controller that never
    /// failed shows <c>0</c> errors rather than no series at all (which alerts cannot tell from a missing controller).
    /// </summary>
    public void Initialize(int maxConcurrentReconciles)
    {
        foreach (var result in ControllerMetricFamilies.Results.All)
        {
            _families.ReconcileTotal.WithLabels(_controller, result).Inc(0);
        }

        Errors.Inc(0);
        TerminalErrors.Inc(0);
        Panics.Inc(0);
        ActiveWorkers.Set(0);
        _families.MaxConcurrentReconciles.WithLabels(_controller).Set(maxConcurrentReconciles);
    }
}
