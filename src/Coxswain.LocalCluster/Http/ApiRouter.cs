using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// The API server's front door: authentication, request logging and metrics, then dispatch to health, version,
/// discovery, OpenAPI or the resource API. Any exception becomes a Kubernetes Status; nothing reaches the client as a bare 500.
/// </summary>
public sealed class ApiRouter(
    ApiHandler api,
    DiscoveryDocuments discovery,
    IOpenApiEndpoint openApi,
    ApiMetrics metrics,
    Func<string?, bool> authenticate,
    Func<bool> ready,
    ILogger<ApiRouter> logger)
{
    public const string GitVersion = "v1.32.0+coxswain";

    public static readonly JsonElement Version = JsonDocument.Parse("""
        {"major":"1","minor":"32","gitVersion":"v1.32.0+coxswain","gitCommit":"0000000000000000000000000000000000000000",
         "gitTreeState":"clean","buildDate":"2026-11-01T00:00:00Z","goVersion":"go1.23.0","compiler":"gc","platform":"linux/amd64"}
        """).RootElement;

    public async Task HandleAsync(HttpContext ctx)
    {
        var started = Stopwatch.GetTimestamp();
        var info = new RequestInfo();
        // go-restful routes "/version" and "/version/" alike, and clients use both (KubernetesClient asks for "/version/"):
        // a trailing slash never changes what is addressed.
        var path = ctx.Request.Path.Value is { Length: > 1 } p ? p.TrimEnd('/') : "/";
        if (path.Length == 0) path = "/";
        try
        {
            if (!IsPublic(path) && !authenticate(ctx.Request.Headers.Authorization))
                throw StatusError.Unauthorized();
            await DispatchAsync(ctx, path, info).ConfigureAwait(false);
        }
        catch (StatusError e)
        {
            await WriteStatusAsync(ctx, e).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refuses, as we read it, a body beyond its own size limit or with broken framing: the client's error.
            await WriteStatusAsync(ctx, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? StatusError.RequestEntityTooLarge($"limit is {ApiHandler.MaxBodyBytes}")
                : StatusError.BadRequest(e.Message)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} {Path} failed", ctx.Request.Method, path);
            await WriteStatusAsync(ctx, StatusError.Internal(e.Message)).ConfigureAwait(false);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var code = ctx.Response.StatusCode;
            metrics.Observe(info, ctx.Request.Query.ContainsKey("dryRun") ? "All" : "", code, elapsed);
            logger.LogInformation("{Verb} {Method} {Path} {Code} {LatencyMs:F1}ms {UserAgent}",
                info.Verb.Length == 0 ? "-" : info.Verb, ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, code,
                elapsed.TotalMilliseconds, ctx.Request.Headers.UserAgent.ToString());
        }
    }

    /// <summary>What kube-apiserver lets anyone read (system:public-info-viewer).</summary>
    static bool IsPublic(string path) =>
        path is "/healthz" or "/livez" or "/readyz" or "/version" || path.StartsWith("/healthz/", StringComparison.Ordinal) ||
        path.StartsWith("/livez/", StringComparison.Ordinal) || path.StartsWith("/readyz/", StringComparison.Ordinal);

    async Task DispatchAsync(HttpContext ctx, string path, RequestInfo info)
    {
        switch (path)
        {
            case "/healthz" or "/livez":
                await HealthAsync(ctx, true).ConfigureAwait(false);
                return;
            case "/readyz":
                await HealthAsync(ctx, ready()).ConfigureAwait(false);
                return;
            case "/version":
                await ApiHandler.WriteJsonAsync(ctx, 200, JsonSerializer.SerializeToUtf8Bytes(Version)).ConfigureAwait(false);
                return;
            case "/metrics":
                ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await metrics.Registry.CollectAndExportAsTextAsync(ctx.Response.Body, ctx.RequestAborted).ConfigureAwait(false);
                return;
        }
        if (path.StartsWith("/openapi/", StringComparison.Ordinal))
        {
            await openApi.HandleAsync(ctx, path).ConfigureAwait(false);
            return;
        }

        var apiPath = ApiPath.Parse(path);
        if (apiPath is { IsResource: true })
        {
            await api.HandleAsync(ctx, apiPath, info).ConfigureAwait(false);
            return;
        }

        if (ctx.Request.Method is not ("GET" or "HEAD")) throw StatusError.NotFoundPath();
        var trimmed = path.TrimEnd('/');
        if (trimmed is "/api" or "/apis")
        {
            var accept = ctx.Request.Headers.Accept.ToString();
            foreach (var clause in accept.Split(','))
            {
                var c = clause.Replace(" ", "");
                if (!c.Contains("as=APIGroupDiscoveryList") || !c.Contains("g=apidiscovery.k8s.io")) continue;
                var version = c.Contains("v=v2beta1") ? "v2beta1" : c.Contains("v=v2;") || c.EndsWith("v=v2") ? "v2" : null;
                if (version is null) continue;
                ctx.Response.Headers.Vary = "Accept";
                await ApiHandler.WriteJsonAsync(ctx, 200, discovery.Get($"aggregated:{trimmed}@{version}")!,
                    version == "v2" ? DiscoveryDocuments.AggregatedV2 : DiscoveryDocuments.AggregatedV2Beta1).ConfigureAwait(false);
                return;
            }
        }
        var doc = discovery.Get(trimmed) ?? throw StatusError.NotFoundPath();
        await ApiHandler.WriteJsonAsync(ctx, 200, doc).ConfigureAwait(false);
    }

    static async Task HealthAsync(HttpContext ctx, bool ok)
    {
        var verbose = ctx.Request.Query.ContainsKey("verbose");
        string body = verbose
            ? (ok ? "[+]ping ok\n[+]etcd ok\n[+]poststarthook/bootstrap ok\nhealthz check passed\n"
                  : "[+]ping ok\n[+]etcd ok\n[-]poststarthook/bootstrap failed: reason withheld\nhealthz check failed\n")
            : ok ? "ok" : "[-]poststarthook/bootstrap failed: reason withheld\nhealthz check failed";
        ctx.Response.StatusCode = ok ? 200 : 500;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
    }

    public static async Task WriteStatusAsync(HttpContext ctx, StatusError e)
    {
        if (ctx.Response.HasStarted) return; // mid-stream failures (watch) end the stream instead
        if (e.RetryAfterSeconds is { } retry) ctx.Response.Headers.RetryAfter = retry.ToString();
        await ApiHandler.WriteJsonAsync(ctx, e.Code, JsonSerializer.SerializeToUtf8Bytes(e.ToStatus())).ConfigureAwait(false);
    }
}

/// <summary>Serves <c>/openapi/v2</c> and <c>/openapi/v3/…</c>; implemented by the OpenApi module.</summary>
public interface IOpenApiEndpoint
{
    Task HandleAsync(HttpContext ctx, string path);
}
