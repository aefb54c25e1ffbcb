using System.Threading.Channels;

namespace Coxswain.Testing;

/// <summary>
/// Delivers what the watch streams of one resource carry <paramref name="delay"/> after it arrived — a lagging informer,
/// the situation expectations exist for. The lag is a latency, not a throughput limit: the body is read as fast as the
/// server sends it, so a busy watch falls no further behind than <paramref name="delay"/>.
/// </summary>
public sealed class SlowWatch(string plural, TimeSpan delay) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var uri = request.RequestUri!;
        if (uri.AbsolutePath.EndsWith($"/{plural}", StringComparison.Ordinal) && uri.Query.Contains("watch=true", StringComparison.Ordinal))
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var headers = response.Content.Headers.ToList();
            response.Content = new StreamContent(new LaggingStream(body, delay));
            foreach (var (name, values) in headers)
            {
                response.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return response;
    }

    /// <summary>Reads the body ahead into timestamped chunks and hands each out once its delay has passed.</summary>
    private sealed class LaggingStream : ReadOnlyStreamWrapper
    {
        private readonly Channel<(ReadOnlyMemory<byte> Data, DateTime DueAt)> _chunks = Channel.CreateUnbounded<(ReadOnlyMemory<byte>, DateTime)>();
        private ReadOnlyMemory<byte> _current;

        public LaggingStream(Stream inner, TimeSpan delay)
            : base(inner)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    var buffer = new byte[16 * 1024];
                    int read;
                    while ((read = await Inner.ReadAsync(buffer)) > 0)
                    {
                        _chunks.Writer.TryWrite((buffer.AsSpan(0, read).ToArray(), DateTime.UtcNow + delay));
                    }

                    _chunks.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    _chunks.Writer.TryComplete(e);
                }
            });
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_current.IsEmpty)
            {
                if (!await _chunks.Reader.WaitToReadAsync(cancellationToken))
                {
                    return 0;
                }

                var (data, dueAt) = await _chunks.Reader.ReadAsync(cancellationToken);
                if (dueAt - DateTime.UtcNow is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                _current = data;
            }

            var count = Math.Min(buffer.Length, _current.Length);
            _current[..count].CopyTo(buffer);
            _current = _current[count..];
            return count;
        }
    }
}
