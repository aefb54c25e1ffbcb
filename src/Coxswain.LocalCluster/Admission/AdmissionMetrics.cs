using Prometheus;

namespace Coxswain.LocalCluster.Admission;

/// <summary>Why a webhook rejected a request, as the <c>error_type</c> label of kube-apiserver's rejection counter says it.</summary>
internal enum WebhookRejectionKind
{
    /// <summary>The webhook answered allowed=false.</summary>
    NoError,
    /// <summary>The webhook could not be called (failurePolicy Fail).</summary>
    CallingWebhookError,
    /// <summary>The server failed around the call (e.g. a patch that does not apply).</summary>
    ApiServerInternalError,
}

/// <summary>
/// kube-apiserver's admission webhook metrics (apiserver/pkg/admission/metrics), with its names, labels and buckets, on the
/// server's registry so that <c>/metrics</c> serves them next to the request metrics.
/// </summary>
public sealed class AdmissionMetrics
{
    readonly Histogram duration;
    readonly Counter rejections;

    public AdmissionMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        duration = factory.CreateHistogram("apiserver_admission_webhook_admission_duration_seconds",
            "Admission webhook latency histogram in seconds, identified by name and broken out for each operation and API resource and type (validate or admit).",
            new HistogramConfiguration
            {
                LabelNames = ["name", "type", "operation", "rejected"],
                Buckets = [0.005, 0.025, 0.1, 0.5, 1.0, 2.5, 10, 25],
            });
        rejections = factory.CreateCounter("apiserver_admission_webhook_rejection_count",
            "Admission webhook rejection count, identified by name and broken out for each admission type (validating or admit) and operation. " +
            "Additional labels specify an error type (calling_webhook_error or apiserver_internal_error if an error occurred; no_error otherwise) " +
            "and optionally a non-zero rejection code if the webhook rejects the request with an HTTP status code (honored by the apiserver when the code is greater or equal to 400). " +
            "Codes greater than 600 are truncated to 600, to keep the metrics cardinality bounded.",
            new CounterConfiguration { LabelNames = ["name", "type", "operation", "error_type", "rejection_code"] });
    }

    internal void ObserveCall(Webhook webhook, AdmissionOperation operation, bool rejected, TimeSpan elapsed) =>
        duration.WithLabels(webhook.Name, webhook.MetricsType, operation.ToWire(), rejected ? "true" : "false").Observe(elapsed.TotalSeconds);

    internal void ObserveRejection(Webhook webhook, AdmissionOperation operation, WebhookRejectionKind kind, int code)
    {
        var errorType = kind switch
        {
            WebhookRejectionKind.CallingWebhookError => "calling_webhook_error",
            WebhookRejectionKind.ApiServerInternalError => "apiserver_internal_error",
            _ => "no_error",
        };
        rejections.WithLabels(webhook.Name, webhook.MetricsType, operation.ToWire(), errorType, Math.Min(code, 600).ToString()).Inc();
    }
}
