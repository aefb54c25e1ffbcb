using System.Globalization;

namespace Coxswain.Runtime.Observability;

/// <summary>
/// Counts every request sent to the API server in <c>rest_client_requests_total{code,method,host}</c>. Pass it to
/// KubernetesClient's constructor (<c>new Kubernetes(config, new RestClientMetricsHandler())</c>); a rising rate of
/// <c>code="429"</c> is seed 003's API-server throttling symptom, and the total rate per controller tells whether the
/// reconciler reads from the cache or hammers the server.
/// </summary>
public sealed class RestClientMetricsHandler : DelegatingHandler
{
    private readonly RestClientMetricFamilies _families;

    public RestClientMetricsHandler(RuntimeMetrics? metrics = null)
    {
        _families = (metrics ?? RuntimeMetrics.Default).RestClient;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri is { } uri ? uri.Authority : string.Empty;
        var method = request.Method.Method;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _families.Requests.WithLabels(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), method, host).Inc();
            return response;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // client-go reports transport failures with the code "<error>".
            _families.Requests.WithLabels("<error>", method, host).Inc();
            throw;
        }
    }
}
