using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>Kubernetes API warnings: <c>Warning: 299 - "message"</c> response headers, printed by kubectl as "Warning: …".</summary>
public static class Warnings
{
    /// <remarks>
    /// Warning texts quote client input (an unknown field's name), so they are made header-safe as Go's server makes them:
    /// control characters become spaces (Go's net/http does this for CR and LF; Kestrel refuses any control character),
    /// and the quoted string escapes '"' and '\' like apimachinery's makeQuotedString. Non-ASCII text is sent as UTF-8
    /// (the server's header encoding), as Go sends it. Like kube-apiserver's recorder, a repeated text (e.g. from a
    /// retried write) is sent once.
    /// </remarks>
    public static void Add(HttpContext ctx, string message)
    {
        var header = $"299 - \"{Escape(message)}\"";
        if (!ctx.Response.Headers["Warning"].Contains(header)) ctx.Response.Headers.Append("Warning", header);
    }

    static string Escape(string text) =>
        string.Concat(text.Select(c => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            _ when char.IsControl(c) => " ",
            _ => c.ToString(),
        }));
}
