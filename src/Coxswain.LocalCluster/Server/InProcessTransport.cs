namespace Coxswain.LocalCluster.Server;

/// <summary>
/// Carries the requests of a client living in the server's own process (coxswain up's kube-controller-manager) straight
/// into the API's request pipeline, in memory: the same HTTP requests and responses, watches streamed as they are
/// written, the same bearer token checked, but no socket, no TLS and no HTTP framing. Over loopback HTTPS those cost
/// about a third of what the in-process controllers made the server do. It is the first handler of the client's chain
/// and answers every request itself (the client's own socket handler behind it is never reached).
/// </summary>
internal sealed class InProcessTransport(HttpMessageHandler pipeline) : DelegatingHandler
{
    readonly HttpMessageInvoker invoker = new(pipeline, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        invoker.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) invoker.Dispose();
        base.Dispose(disposing);
    }
}
