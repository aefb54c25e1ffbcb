namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>
/// Delays every read of the watch streams of one resource, so its events reach the client late — a slow informer, the
/// situation expectations exist for.
/// </summary>
internal sealed class SlowWatch(string plural, TimeSpan delay) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var uri = request.RequestUri!;
        if (uri.AbsolutePath.EndsWith($"/{plural}", StringComparison.Ordinal) && uri.Query.Contains("watch=true", StringComparison.Ordinal))
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var headers = response.Content.Headers.ToList();
            response.Content = new StreamContent(new DelayedStream(body, delay));
            foreach (var (name, values) in headers)
            {
                response.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return response;
    }

    private sealed class DelayedStream(Stream inner, TimeSpan delay) : ReadOnlyStreamWrapper(inner)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await Inner.ReadAsync(buffer, cancellationToken);
            await Task.Delay(delay, cancellationToken);
            return read;
        }
    }
}
