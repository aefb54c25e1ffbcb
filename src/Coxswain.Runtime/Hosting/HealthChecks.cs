using System.Text;
using Microsoft.AspNetCore.Http;

namespace Coxswain.Runtime.Hosting;

/// <summary>
/// Named checks served the way Kubernetes components serve <c>/healthz</c> and <c>/readyz</c> (controller-runtime's
/// <c>healthz.Handler</c>): <c>200 ok</c> when every check passes, otherwise <c>500</c> with one line per check
/// (<c>[+]ping ok</c>, <c>[-]informers-synced failed: reason withheld</c>) and <c>healthz check failed</c>. <c>?verbose</c>
/// lists the checks on success too; <c>?exclude=name</c> skips one; <c>/readyz/&lt;name&gt;</c> runs one.
/// </summary>
public sealed class HealthChecks
{
    private readonly SortedDictionary<string, Func<bool>> _checks = new(StringComparer.Ordinal);

    /// <summary>Adds (or replaces) a check; it must be cheap and must not throw.</summary>
    public HealthChecks Add(string name, Func<bool> check)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_checks)
        {
            _checks[name] = check;
        }

        return this;
    }

    /// <summary>Answers a request for all checks, or for the one named by <paramref name="only"/>.</summary>
    public async Task HandleAsync(HttpContext context, string? only = null)
    {
        List<KeyValuePair<string, Func<bool>>> checks;
        lock (_checks)
        {
            checks = [.. _checks];
        }

        context.Response.Headers.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        if (only is not null)
        {
            var single = checks.FirstOrDefault(c => c.Key == only);
            if (single.Value is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var healthy = single.Value();
            context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync(healthy ? "ok" : "internal server error: reason withheld\n").ConfigureAwait(false);
            return;
        }

        var excluded = context.Request.Query["exclude"].Where(e => e is not null).Select(e => e!).ToHashSet(StringComparer.Ordinal);
        var results = new List<(string Name, bool Excluded, bool Healthy)>();
        foreach (var (name, check) in checks)
        {
            var isExcluded = excluded.Remove(name);
            results.Add((name, isExcluded, isExcluded || check()));
        }

        var failed = results.Any(r => !r.Excluded && !r.Healthy);
        context.Response.StatusCode = failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        // Always verbose on failure, as upstream; the reason stays private because the endpoint is public.
        if (!failed && !context.Request.Query.ContainsKey("verbose"))
        {
            await context.Response.WriteAsync("ok").ConfigureAwait(false);
            return;
        }

        var body = new StringBuilder();
        foreach (var (name, isExcluded, healthy) in results)
        {
            body.Append(isExcluded ? $"[+]{name} excluded: ok\n" : healthy ? $"[+]{name} ok\n" : $"[-]{name} failed: reason withheld\n");
        }

        if (excluded.Count > 0)
        {
            body.Append($"warn: some health checks cannot be excluded: no matches for {string.Join(",", excluded.Order().Select(e => $"\"{e}\""))}\n");
        }

        body.Append(failed ? "healthz check failed\n" : "healthz check passed\n");
        await context.Response.WriteAsync(body.ToString()).ConfigureAwait(false);
    }
}
