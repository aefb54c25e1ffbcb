using Coxswain.Runtime.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Coxswain.Runtime.Hosting;

/// <summary>
/// Serves <c>/metrics</c> (Prometheus text, the runtime's registry) and the probes (<c>/healthz</c>, <c>/readyz</c>)
/// on their own addresses, on every replica whether or not it leads — so followers are scraped and probed too.
/// Starts before the controllers and stops after them.
/// </summary>
public sealed class ManagerEndpoints(
    IOptions<ManagerOptions> options, RuntimeMetrics metrics, ManagerHealth health, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Coxswain.Runtime.Hosting.Manager");
    private HttpEndpointServer? _metrics;
    private HttpEndpointServer? _probes;

    /// <summary>Where <c>/metrics</c> is served once started; null when disabled.</summary>
    public Uri? MetricsAddress => _metrics?.Address;

    /// <summary>Where <c>/healthz</c> and <c>/readyz</c> are served once started; null when disabled.</summary>
    public Uri? HealthProbeAddress => _probes?.Address;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (BindAddress.Parse(options.Value.MetricsBindAddress) is { } metricsAddress)
        {
            _metrics = await HttpEndpointServer.StartAsync(
                metricsAddress, routes => routes.MapMetrics("/metrics", metrics.Registry), loggerFactory, cancellationToken).ConfigureAwait(false);
            ManagerLog.Serving(_logger, "metrics", _metrics.Address);
        }

        if (BindAddress.Parse(options.Value.HealthProbeBindAddress) is { } probeAddress)
        {
            _probes = await HttpEndpointServer.StartAsync(probeAddress, MapProbes, loggerFactory, cancellationToken).ConfigureAwait(false);
            ManagerLog.Serving(_logger, "health probes", _probes.Address);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        var (metricsServer, probes) = (_metrics, _probes);
        (_metrics, _probes) = (null, null);
        if (metricsServer is not null)
        {
            await metricsServer.DisposeAsync().ConfigureAwait(false);
        }

        if (probes is not null)
        {
            await probes.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void MapProbes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", (HttpContext context) => health.Liveness.HandleAsync(context));
        routes.MapGet("/healthz/{name}", (HttpContext context, string name) => health.Liveness.HandleAsync(context, name));
        routes.MapGet("/readyz", (HttpContext context) => health.Readiness.HandleAsync(context));
        routes.MapGet("/readyz/{name}", (HttpContext context, string name) => health.Readiness.HandleAsync(context, name));
    }
}
