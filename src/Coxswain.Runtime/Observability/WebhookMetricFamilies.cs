using Prometheus;

namespace Coxswain.Runtime.Observability;

/// <summary>
/// controller-runtime's webhook families (<c>pkg/webhook/internal/metrics/metrics.go</c>), labelled by <c>webhook</c>,
/// the path the webhook is served on.
/// </summary>
public sealed class WebhookMetricFamilies
{
    private static readonly string[] WebhookLabel = ["webhook"];

    internal WebhookMetricFamilies(IMetricFactory factory)
    {
        Latency = factory.CreateHistogram(
            "controller_runtime_webhook_latency_seconds",
            "Histogram of the latency of processing admission requests",
            WebhookLabel,
            new HistogramConfiguration { Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        Requests = factory.CreateCounter(
            "controller_runtime_webhook_requests_total", "Total number of admission requests by HTTP status code.", ["code", "webhook"]);
        InFlight = factory.CreateGauge(
            "controller_runtime_webhook_requests_in_flight", "Current number of admission requests being served.", WebhookLabel);
    }

    /// <summary><c>controller_runtime_webhook_latency_seconds{webhook}</c> (Prometheus' default buckets, as controller-runtime).</summary>
    public Histogram Latency { get; }

    /// <summary><c>controller_runtime_webhook_requests_total{code,webhook}</c>: by HTTP status code of the answer.</summary>
    public Counter Requests { get; }

    /// <summary><c>controller_runtime_webhook_requests_in_flight{webhook}</c>.</summary>
    public Gauge InFlight { get; }
}
