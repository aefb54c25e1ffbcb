using Prometheus;

namespace Coxswain.Runtime.Observability;

/// <summary>controller-runtime's client-go adapter family (<c>pkg/metrics/client_go_adapter.go</c>).</summary>
public sealed class RestClientMetricFamilies
{
    internal RestClientMetricFamilies(IMetricFactory factory)
    {
        Requests = factory.CreateCounter(
            "rest_client_requests_total",
            "Number of HTTP requests, partitioned by status code, method, and host.",
            ["code", "method", "host"]);
    }

    /// <summary><c>rest_client_requests_total{code,method,host}</c>; <c>code</c> is <c>&lt;error&gt;</c> when no response came back.</summary>
    public Counter Requests { get; }
}
