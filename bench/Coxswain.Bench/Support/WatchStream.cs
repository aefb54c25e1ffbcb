using System.Diagnostics;

namespace Coxswain.Bench.Support;

/// <summary>
/// One open watch: a streaming HTTP response whose events are counted as they arrive. Benchmarks ask when the count
/// reaches a number and get the moment it did (a <see cref="Stopwatch"/> timestamp).
/// </summary>
public sealed class WatchStream : IAsyncDisposable
{
    readonly HttpResponseMessage response;
    readonly MarkerCounter counter;
    readonly CancellationTokenSource stop = new();
    readonly object gate = new();
    readonly Task reading;
    long target = long.MaxValue;
    TaskCompletionSource<long>? reached;

    WatchStream(HttpResponseMessage response, Stream body, ReadOnlyMemory<byte> eventMarker)
    {
        this.response = response;
        counter = new MarkerCounter(eventMarker);
        reading = Task.Run(() => ReadAsync(body));
    }

    /// <summary>Sends the watch request and returns once the response headers are in (the server has registered the watch).</summary>
    public static async Task<WatchStream> OpenAsync(HttpClient client, HttpRequestMessage request, ReadOnlyMemory<byte> eventMarker, CancellationToken ct)
    {
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            response.Dispose();
            throw new HttpRequestException($"watch {request.RequestUri}: {(int)response.StatusCode} {text}");
        }
        var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return new WatchStream(response, body, eventMarker);
    }

    public long Events { get { lock (gate) return counter.Count; } }

    /// <summary>Completes with the timestamp at which the stream had delivered <paramref name="events"/> events in total.</summary>
    public Task<long> WhenCountReaches(long events)
    {
        lock (gate)
        {
            if (counter.Count >= events) return Task.FromResult(Stopwatch.GetTimestamp());
            target = events;
            reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            return reached.Task;
        }
    }

    async Task ReadAsync(Stream body)
    {
        var buffer = new byte[64 * 1024];
        Exception? ended = null;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, stop.Token).ConfigureAwait(false)) > 0)
            {
                lock (gate)
                {
                    counter.Add(buffer.AsSpan(0, read));
                    if (counter.Count >= target && reached is { } r)
                    {
                        r.TrySetResult(Stopwatch.GetTimestamp());
                        reached = null;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            ended = e;
        }
        lock (gate)
            reached?.TrySetException(new IOException($"watch ended after {counter.Count} events", ended));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        response.Dispose();
        await reading.ConfigureAwait(false);
        stop.Dispose();
    }
}
