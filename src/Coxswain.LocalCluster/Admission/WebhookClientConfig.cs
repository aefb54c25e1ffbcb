using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Admission;

/// <summary>A webhook's <c>clientConfig.service</c>: where in the cluster the webhook server runs.</summary>
internal sealed record WebhookServiceReference(string Namespace, string Name, string Path, int Port)
{
    /// <summary>The DNS name kube-apiserver puts in the URL and verifies the serving certificate against.</summary>
    public string Host => $"{Name}.{Namespace}.svc";
}

/// <summary>
/// A webhook's <c>clientConfig</c>: either a service reference or a URL, plus the PEM CA bundle that verifies the
/// webhook server (null: the system's trusted roots).
/// </summary>
internal sealed record WebhookClientConfig(string? Url, WebhookServiceReference? Service, byte[]? CaBundle)
{
    /// <summary>Identifies the trust roots (a digest of the bundle, "" for the system roots): clients are shared per bundle.</summary>
    public string TrustKey { get; } = CaBundle is null ? "" : Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(CaBundle));

    public static WebhookClientConfig Parse(JsonObject? clientConfig)
    {
        var service = clientConfig.Obj("service") is { } s
            ? new WebhookServiceReference(s.StrOrEmpty("namespace"), s.StrOrEmpty("name"), s.StrOrEmpty("path"),
                (int)(s.Long("port") ?? Validation.Kinds.Admission.WebhookDefaults.DefaultServicePort))
            : null;
        return new(clientConfig.Str("url"), service, CaBundleBytes(clientConfig.Str("caBundle")));
    }

    /// <summary>caBundle is a []byte field, so it travels base64-encoded; bad base64 cannot pass validation and reads as absent.</summary>
    static byte[]? CaBundleBytes(string? base64)
    {
        if (string.IsNullOrEmpty(base64)) return null;
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>
    /// The URL kube-apiserver posts to: <c>https://{service}.{namespace}.svc:{port}{path}</c> or the configured URL, with the
    /// <c>timeout</c> query parameter client-go adds for a request with a deadline.
    /// </summary>
    public string RequestUrl(int timeoutSeconds)
    {
        var baseUrl = Service is { } s ? $"https://{s.Host}:{s.Port}{s.Path}" : Url ?? "";
        return baseUrl + (baseUrl.Contains('?') ? '&' : '?') + $"timeout={timeoutSeconds}s";
    }
}
