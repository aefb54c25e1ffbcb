using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>Kubernetes API warnings: <c>Warning: 299 - "message"</c> response headers, printed by kubectl as "Warning: …".</summary>
public static class Warnings
{
    public static void Add(HttpContext ctx, string message) =>
        ctx.Response.Headers.Append("Warning", $"299 - \"{message.Replace("\"", "\\\"")}\"");
}
