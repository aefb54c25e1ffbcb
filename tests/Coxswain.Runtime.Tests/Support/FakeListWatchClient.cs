using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Coxswain.Runtime.Client;

namespace Coxswain.Runtime.Tests.Support;

/// <summary>
/// A scripted API server for one resource: each list or watch call consumes the next scripted answer, waiting for the
/// test to provide one if none is queued. Every request is recorded.
/// </summary>
internal sealed class FakeListWatchClient<T>(ApiResource resource) : IListWatchClient<T>
{
    private readonly Channel<Func<ListRequest, ObjectList<T>>> _lists = Channel.CreateUnbounded<Func<ListRequest, ObjectList<T>>>();
    private readonly Channel<WatchScript> _watches = Channel.CreateUnbounded<WatchScript>();

    public ApiResource Resource { get; } = resource;

    public ConcurrentQueue<ListRequest> ListRequests { get; } = new();

    public ConcurrentQueue<WatchRequest> WatchRequests { get; } = new();

    public void EnqueueList(string resourceVersion, string? continueToken, params T[] items) =>
        _lists.Writer.TryWrite(_ => new ObjectList<T>
        {
            Metadata = new k8s.Models.V1ListMeta { ResourceVersion = resourceVersion, ContinueProperty = continueToken },
            Items = [.. items],
        });

    public void EnqueueListError(Exception error) => _lists.Writer.TryWrite(_ => throw error);

    /// <summary>A watch that sends <paramref name="events"/> and then closes, or stays open if <paramref name="thenHang"/>.</summary>
    public void EnqueueWatch(IEnumerable<WatchEvent<T>> events, bool thenHang = false) =>
        _watches.Writer.TryWrite(new WatchScript([.. events], null, thenHang ? null : Channel.CreateUnbounded<WatchEvent<T>>()));

    /// <summary>A watch that sends <paramref name="events"/> and then fails with <paramref name="error"/>.</summary>
    public void EnqueueWatchError(Exception error, params WatchEvent<T>[] events) =>
        _watches.Writer.TryWrite(new WatchScript(events, error, null));

    /// <summary>A watch the test feeds live through the returned channel; completing the channel closes the stream.</summary>
    public ChannelWriter<WatchEvent<T>> EnqueueLiveWatch()
    {
        var live = Channel.CreateUnbounded<WatchEvent<T>>();
        _watches.Writer.TryWrite(new WatchScript([], null, live, Live: true));
        return live.Writer;
    }

    public async Task<ObjectList<T>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        ListRequests.Enqueue(request);
        var answer = await _lists.Reader.ReadAsync(cancellationToken);
        return answer(request);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        WatchRequests.Enqueue(request);
        var script = await _watches.Reader.ReadAsync(cancellationToken);
        foreach (var watchEvent in script.Events)
        {
            yield return watchEvent;
        }

        if (script.Error is not null)
        {
            throw script.Error;
        }

        if (script.Live)
        {
            await foreach (var watchEvent in script.Rest!.Reader.ReadAllAsync(cancellationToken))
            {
                yield return watchEvent;
            }
        }
        else if (script.Rest is null)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    private sealed record WatchScript(IReadOnlyList<WatchEvent<T>> Events, Exception? Error, Channel<WatchEvent<T>>? Rest, bool Live = false);
}
