using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.Runtime.Hosting;
using Coxswain.Runtime.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// Serves the registered admission webhooks (AdmissionReview v1 and v1beta1, POST to each webhook's path) over HTTPS on
/// <see cref="WebhookServerSettings.Port"/>, on every replica — leader or not, since the API server calls any ready
/// endpoint of the Service. Listens once the first certificate is ready, so <c>/readyz</c> (check <c>webhook</c>) turns
/// ready only when the webhooks can be called. Counts <c>controller_runtime_webhook_*</c> per path.
/// </summary>
public sealed class WebhookServer : BackgroundService
{
    private readonly IReadOnlyList<WebhookRegistration> _registrations;
    private readonly IServiceProvider _services;
    private readonly WebhookCertificateManager _certificates;
    private readonly WebhookServerSettings _settings;
    private readonly WebhookMetricFamilies _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IAdmissionObserver> _observers;
    private HttpEndpointServer? _server;

    internal WebhookServer(
        IEnumerable<WebhookRegistration> registrations, IServiceProvider services, WebhookCertificateManager certificates, IOptions<ManagerOptions> options,
        RuntimeMetrics metrics, ILoggerFactory loggerFactory, IEnumerable<IAdmissionObserver>? observers = null)
    {
        _observers = [.. observers ?? []];
        _registrations = [.. registrations];
        _services = services;
        _certificates = certificates;
        _settings = options.Value.Webhook;
        _metrics = metrics.Webhook;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Coxswain.Runtime.Webhooks");
    }

    /// <summary>Where the webhooks are served (<c>https://…</c>, the real port when 0 was asked for); null until listening.</summary>
    public Uri? Address => Volatile.Read(ref _server)?.Address;

    /// <summary>Whether the server listens with a certificate (the <c>webhook</c> readiness check).</summary>
    public bool IsServing => Address is not null;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handlers = _registrations.Select(r =>
        {
            WebhookLog.Registering(_logger, r.Path, r.Type);
            return (r.Path, Handler: r.Handler(_services));
        }).ToList();
        try
        {
            await _certificates.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var bind = new BindAddress(string.IsNullOrEmpty(_settings.Host) ? null : System.Net.IPAddress.Parse(_settings.Host), _settings.Port);
        var server = await HttpEndpointServer.StartAsync(
            bind,
            routes =>
            {
                foreach (var (path, handler) in handlers)
                {
                    routes.MapPost(path, (HttpContext context) => ServeAsync(path, handler, context));
                }
            },
            _loggerFactory,
            stoppingToken,
            () => _certificates.Current).ConfigureAwait(false);
        Volatile.Write(ref _server, server);
        WebhookLog.Serving(_logger, server.Address);
    }

    private async Task ServeAsync(string path, IAdmissionHandler handler, HttpContext context)
    {
        var inFlight = _metrics.InFlight.WithLabels(path);
        inFlight.Inc();
        var started = Stopwatch.GetTimestamp();
        var allowed = false;
        try
        {
            var answer = await AnswerAsync(path, handler, context.Request, context.RequestAborted).ConfigureAwait(false);
            allowed = answer["response"]?["allowed"]?.GetValue<bool>() == true;
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            _metrics.Latency.WithLabels(path).Observe(elapsed.TotalSeconds);
            _metrics.Requests.WithLabels(context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), path).Inc();
            inFlight.Dec();
            foreach (var observer in _observers)
            {
                observer.Observed(path, allowed, elapsed);
            }
        }
    }

    // As controller-runtime: every answer is an AdmissionReview with HTTP 200; a request that cannot be decoded or a
    // handler that throws is answered "not allowed" with the code in the status, which the API server reports.
    private async Task<JsonObject> AnswerAsync(string path, IAdmissionHandler handler, HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest(path, AdmissionReviewCodec.V1, string.Empty, $"contentType={request.ContentType}, expected application/json");
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return BadRequest(path, AdmissionReviewCodec.V1, string.Empty, e.Message);
        }

        var (apiVersion, admission, error) = AdmissionReviewCodec.ReadReview(body);
        if (admission is null)
        {
            return BadRequest(path, apiVersion, string.Empty, error!);
        }

        var uid = admission["uid"]!.ToString();
        AdmissionDecision decision;
        JsonArray? patch;
        try
        {
            (decision, patch) = await handler.HandleAsync(admission, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WebhookLog.HandlerFailed(_logger, path, uid, e);
            (decision, patch) = (AdmissionDecision.Errored(StatusCodes.Status500InternalServerError, e.Message), null);
        }

        var (operation, kind, ns, name) = (
            admission["operation"]?.ToString() ?? string.Empty, admission["kind"]?["kind"]?.ToString() ?? string.Empty,
            admission["namespace"]?.ToString(), admission["name"]?.ToString());
        WebhookLog.Handled(_logger, path, uid, operation, kind, ns, name, decision.Allowed, decision.Code, patch?.Count ?? 0);
        if (!decision.Allowed)
        {
            WebhookLog.Denied(_logger, path, operation, kind, ns, name, decision.Message);
        }

        return AdmissionReviewCodec.Response(apiVersion, uid, decision, patch);
    }

    private JsonObject BadRequest(string path, string apiVersion, string uid, string reason)
    {
        WebhookLog.BadRequest(_logger, path, reason);
        return AdmissionReviewCodec.Response(apiVersion, uid, AdmissionDecision.Errored(StatusCodes.Status400BadRequest, reason), null);
    }
}
