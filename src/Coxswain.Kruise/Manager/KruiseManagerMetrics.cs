using Coxswain.Runtime.Hosting;
using Coxswain.Runtime.Webhooks;
using Prometheus;

namespace Coxswain.Kruise.Manager;

/// <summary>
/// kruise-manager's own families on <c>/metrics</c>, next to controller-runtime's:
/// <list type="bullet">
/// <item><c>kruise_manager_is_leader</c> (gauge, as OpenKruise's leadership metrics provider): 1 on the replica holding
/// Lease <c>kruise-manager</c>, 0 on the others.</item>
/// <item><c>kruise_webhook_admission_requests_total{webhook,allowed}</c> and
/// <c>kruise_webhook_admission_duration_seconds{webhook}</c>: <em>not</em> exported by OpenKruise (it has only
/// controller-runtime's <c>controller_runtime_webhook_*</c>), but named by OpenKruise's troubleshooting guide, so its
/// queries work here; <c>webhook</c> is the path served, as in controller-runtime's families.</item>
/// </list>
/// </summary>
public sealed class KruiseManagerMetrics : IAdmissionObserver
{
    readonly Gauge _isLeader;
    readonly Counter _admissionRequests;
    readonly Histogram _admissionDuration;

    public KruiseManagerMetrics(ControllerManager manager, CollectorRegistry? registry = null)
    {
        registry ??= Metrics.DefaultRegistry;
        var factory = Metrics.WithCustomRegistry(registry);
        _isLeader = factory.CreateGauge("kruise_manager_is_leader", "Gauge the leader of kruise-manager");
        _admissionRequests = factory.CreateCounter(
            "kruise_webhook_admission_requests_total", "Total number of admission requests by webhook and whether they were allowed.",
            ["webhook", "allowed"]);
        _admissionDuration = factory.CreateHistogram(
            "kruise_webhook_admission_duration_seconds", "Histogram of the latency of processing admission requests by webhook.",
            ["webhook"], new HistogramConfiguration { Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        // Read at scrape time, so the gauge can never disagree with the elector (0 before the first election too).
        registry.AddBeforeCollectCallback(() => _isLeader.Set(manager.Elector?.IsLeader == true ? 1 : 0));
    }

    public void Observed(string webhook, bool allowed, TimeSpan elapsed)
    {
        _admissionRequests.WithLabels(webhook, allowed ? "true" : "false").Inc();
        _admissionDuration.WithLabels(webhook).Observe(elapsed.TotalSeconds);
    }
}
