using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>Kubernetes API warnings: <c>Warning: 299 - "message"</c> response headers, printed by kubectl as "Warning: …".</summary>
public static class Warnings
{
    /// <summary>Adds a warning once: like kube-apiserver's recorder, a repeated text (e.g. from a retried write) is dropped.</summary>
    public static void Add(HttpContext ctx, string message)
    {
        var header = $"299 - \"{message.Replace("\"", "\\\"")}\"";
        if (!ctx.Response.Headers["Warning"].Contains(header)) ctx.Response.Headers.Append("Warning", header);
    }
}
