using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Coxswain.LocalCluster.Admission;

/// <summary>An HTTP client for webhooks that trust one CA bundle and, for service webhooks, dial one endpoint.</summary>
internal sealed record WebhookHttpClient(HttpClient Client, CaBundleTrust Trust);

/// <summary>
/// Webhook HTTP clients, one per (caBundle, dialled endpoint), kept for the server's lifetime so that connections are
/// pooled across requests. A service webhook's URL keeps the service's DNS name, which is what its certificate is
/// verified against and what the server sees as SNI/Host, while the connection itself goes to the endpoint address the
/// resolver picked (there is no cluster DNS to resolve <c>*.svc</c> names).
/// </summary>
internal sealed class WebhookHttpClients : IDisposable
{
    readonly ConcurrentDictionary<(string TrustKey, IPEndPoint? Endpoint), Lazy<WebhookHttpClient>> clients = new();

    /// <exception cref="FormatException">The caBundle holds no certificate.</exception>
    public WebhookHttpClient For(WebhookClientConfig config, IPEndPoint? endpoint)
    {
        var key = (config.TrustKey, endpoint);
        if (clients.TryGetValue(key, out var existing)) return existing.Value;
        var trust = CaBundleTrust.Create(config.CaBundle); // throws before anything is cached
        return clients.GetOrAdd(key, _ => new Lazy<WebhookHttpClient>(() => Create(trust, endpoint))).Value;
    }

    static WebhookHttpClient Create(CaBundleTrust trust, IPEndPoint? endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            SslOptions = { RemoteCertificateValidationCallback = trust.Validate },
        };
        if (endpoint is not null) handler.ConnectCallback = (_, ct) => ConnectAsync(endpoint, ct);
        // Each call carries its own timeoutSeconds deadline.
        return new WebhookHttpClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, trust);
    }

    static async ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var client in clients.Values)
            if (client.IsValueCreated) client.Value.Client.Dispose();
        clients.Clear();
    }
}
