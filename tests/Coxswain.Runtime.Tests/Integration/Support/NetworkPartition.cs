namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>
/// Cuts one client off the API server on demand: while partitioned, new requests fail as a refused connection does and
/// response streams already open (watches) fail on their next read. The server itself keeps running.
/// </summary>
internal sealed class NetworkPartition : DelegatingHandler
{
    private volatile CancellationTokenSource _cut = new();
    private volatile bool _partitioned;

    public bool IsPartitioned => _partitioned;

    public void Partition()
    {
        _partitioned = true;
        _cut.Cancel();
    }

    public void Heal()
    {
        _cut = new CancellationTokenSource();
        _partitioned = false;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_partitioned)
        {
            throw new HttpRequestException("Connection refused (partitioned by the test)");
        }

        var cut = _cut.Token;
        var response = await base.SendAsync(request, cancellationToken);
        response.Content = new SeveredContent(response.Content, cut);
        return response;
    }

    /// <summary>Content whose stream throws once the partition starts.</summary>
    private sealed class SeveredContent(HttpContent inner, CancellationToken cut) : HttpContent
    {
        protected override async Task<Stream> CreateContentReadStreamAsync() =>
            new SeveredStream(await inner.ReadAsStreamAsync(), cut);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            inner.CopyToAsync(stream, context);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class SeveredStream(Stream inner, CancellationToken cut) : ReadOnlyStreamWrapper(inner)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cut);
            try
            {
                return await Inner.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException) when (cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new IOException("The connection was reset (partitioned by the test)");
            }
        }
    }
}
