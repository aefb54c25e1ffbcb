using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Coxswain.Bench.Support;

/// <summary>
/// Raw HttpClients for load generation: no Kubernetes client library in the way, so the numbers are the server's.
/// One client per target; its connection pool opens a connection per concurrent request over HTTP/1.1, or multiplexes
/// every request on one connection over HTTP/2 (as client-go does).
/// </summary>
public static class BenchHttp
{
    public static HttpClient Create(Uri baseAddress, bool http2, string? certificateAuthorityPem = null, string? bearerToken = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        if (certificateAuthorityPem is not null)
        {
            var authority = X509Certificate2.CreateFromPem(certificateAuthorityPem);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                // Trust exactly the cluster's own CA, as a kubeconfig with certificate-authority-data does.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    return chain.Build(new X509Certificate2(certificate));
                },
            };
        }
        var client = new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan, // watches stay open for the whole run
            DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (bearerToken is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", bearerToken);
        return client;
    }
}
