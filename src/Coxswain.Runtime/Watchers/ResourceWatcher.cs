using System.Runtime.CompilerServices;
using Coxswain.Runtime.Backoff;
using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.Runtime.Watchers;

/// <summary>
/// Keeps an async stream of <see cref="WatcherEvent{T}"/>s flowing for one resource, whatever the connection does
/// (kube-rs's <c>watcher</c>, client-go's reflector loop):
/// <list type="bullet">
/// <item>reads the initial state by paged LIST, or by a streaming list (<c>sendInitialEvents</c>) falling back to LIST
/// when the server refuses it;</item>
/// <item>then WATCHes from the last seen resource version, advanced by every event and bookmark, re-opening the watch
/// when the server closes it;</item>
/// <item>relists when the version is gone (410 Expired/Gone);</item>
/// <item>retries every other failure after an <see cref="IBackoff"/> delay — errors are logged, never thrown, so the
/// stream only ends when cancelled.</item>
/// </list>
/// </summary>
public sealed class ResourceWatcher<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Annotation of the bookmark that closes a streaming list's initial events.</summary>
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    private readonly IListWatchClient<T> _client;
    private readonly WatcherOptions _options;
    private readonly ILogger _logger;
    private readonly string _resourceName;
    private readonly bool _isMetadataOnly = typeof(T) == typeof(PartialObjectMetadata);

    public ResourceWatcher(IListWatchClient<T> client, WatcherOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new WatcherOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.PageSize, nameof(WatcherOptions.PageSize));
        _logger = logger ?? NullLogger.Instance;
        _resourceName = client.Resource.Group.Length == 0 ? client.Resource.Plural : $"{client.Resource.Plural}.{client.Resource.Group}";
    }

    /// <summary>The resource version the next watch resumes from; null when the next step is a full (re)list.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>False once the server refused a streaming list; the watcher then uses LIST for the rest of its life.</summary>
    public bool StreamingListSupported { get; private set; } = true;

    /// <summary>Streams events until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<WatcherEvent<T>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var backoff = _options.BackoffFactory(_options.TimeProvider);
        var needsInitialState = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = new Attempt();
            var phase = !needsInitialState ? WatchFromResourceVersionAsync(attempt, backoff, cancellationToken)
                : UseStreamingList ? StreamingListAsync(attempt, backoff, cancellationToken)
                : PagedListAsync(attempt, backoff, cancellationToken);
            await foreach (var item in phase.ConfigureAwait(false))
            {
                yield return item;
            }

            if (attempt.InitialStateDone)
            {
                needsInitialState = false;
            }

            var delay = DecideRetry(attempt, backoff, ref needsInitialState);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private bool UseStreamingList => _options.InitialListStrategy == InitialListStrategy.StreamingList && StreamingListSupported;

    // Decides what the outer loop does after a phase ended, returning how long to wait first.
    private TimeSpan DecideRetry(Attempt attempt, IBackoff backoff, ref bool needsInitialState)
    {
        if (attempt.FellBackToList)
        {
            return TimeSpan.Zero;
        }

        if (attempt.Error is KubernetesApiException { IsResourceExpired: true })
        {
            WatcherLog.Expired(_logger, _resourceName, ResourceVersion);
            ResourceVersion = null;
            needsInitialState = true;
            // A watch that expired relists at once, as client-go does. An expiry while listing (a continue token that
            // outlived the compaction window) backs off, so a list too slow for the window cannot loop hot.
            return attempt.DuringInitialState ? backoff.NextDelay() : TimeSpan.Zero;
        }

        if (attempt.Error is { } error)
        {
            var delay = backoff.NextDelay();
            WatcherLog.Failed(_logger, _resourceName, delay, error.Message, error);
            return delay;
        }

        if (attempt.VeryShortWatch is { } elapsed)
        {
            var delay = backoff.NextDelay();
            WatcherLog.VeryShortWatch(_logger, _resourceName, elapsed, delay);
            return delay;
        }

        return TimeSpan.Zero;
    }

    private async IAsyncEnumerable<WatcherEvent<T>> PagedListAsync(
        Attempt attempt, IBackoff backoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        attempt.DuringInitialState = true;
        yield return WatcherEvent<T>.Init;
        string? continueToken = null;
        string? listVersion;
        var count = 0;
        do
        {
            var request = new ListRequest
            {
                LabelSelector = _options.LabelSelector,
                FieldSelector = _options.FieldSelector,
                Limit = _options.PageSize,
                Continue = continueToken,
                // Every page after the first is served at the first page's version; resourceVersion must not repeat.
                ResourceVersion = continueToken is null && _options.ListSemantic == ListSemantic.Any ? "0" : null,
            };
            var (page, error) = await TryAsync(() => _client.ListAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                attempt.Error = error;
                yield break;
            }

            backoff.Reset();
            foreach (var item in page.Items)
            {
                count++;
                yield return WatcherEvent<T>.InitApply(Normalize(item));
            }

            continueToken = page.Metadata?.ContinueProperty;
            listVersion = page.Metadata?.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(continueToken));

        WatcherLog.Listed(_logger, _resourceName, count, listVersion);
        ResourceVersion = listVersion;
        attempt.InitialStateDone = true;
        yield return WatcherEvent<T>.InitDone;
    }

    private async IAsyncEnumerable<WatcherEvent<T>> StreamingListAsync(
        Attempt attempt, IBackoff backoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        attempt.DuringInitialState = true;
        yield return WatcherEvent<T>.Init;
        var request = NewWatchRequest() with
        {
            // The server requires all three for a streaming list.
            SendInitialEvents = true,
            ResourceVersionMatch = "NotOlderThan",
            AllowWatchBookmarks = true,
        };
        var receivedAny = false;
        await foreach (var item in WatchEventsAsync(request, attempt, backoff, cancellationToken).ConfigureAwait(false))
        {
            receivedAny = true;
            if (attempt.InitialStateDone)
            {
                yield return item;
            }
            else if (item.Type == WatcherEventType.Apply)
            {
                yield return WatcherEvent<T>.InitApply(item.Object!);
            }
            else if (item.Type == WatcherEventType.InitDone)
            {
                attempt.InitialStateDone = true;
                attempt.DuringInitialState = false;
                yield return item;
            }
            else
            {
                yield return item;
            }
        }

        if (attempt.InitialStateDone)
        {
            yield break;
        }

        // Refused outright (the server does not know the parameter), or — the dangerous case — silently ignored, which
        // shows as a stream that ends without the closing bookmark: either way LIST is the way to make progress.
        var refused = !receivedAny && attempt.Error is KubernetesApiException { IsRequestRejected: true };
        var ignored = attempt.Error is null && attempt.VeryShortWatch is null;
        if (refused || ignored)
        {
            WatcherLog.StreamingListFallback(
                _logger, _resourceName, attempt.Error?.Message ?? "the stream ended without the initial-events-end bookmark");
            StreamingListSupported = false;
            attempt.Error = null;
            attempt.FellBackToList = true;
        }
    }

    private IAsyncEnumerable<WatcherEvent<T>> WatchFromResourceVersionAsync(
        Attempt attempt, IBackoff backoff, CancellationToken cancellationToken)
    {
        attempt.InitialStateDone = true;
        return WatchEventsAsync(NewWatchRequest(), attempt, backoff, cancellationToken);
    }

    // Translates one watch stream into watcher events, tracking the resume version. A streaming list's closing bookmark
    // comes out as InitDone; other bookmarks only advance the version.
    private async IAsyncEnumerable<WatcherEvent<T>> WatchEventsAsync(
        WatchRequest request, Attempt attempt, IBackoff backoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = _options.TimeProvider.GetTimestamp();
        var received = 0;
        var events = _client.WatchAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                var (hasNext, error) = await TryMoveNextAsync(events, cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    attempt.Error = error;
                    yield break;
                }

                if (!hasNext)
                {
                    break;
                }

                received++;
                backoff.Reset();
                var watchEvent = events.Current;
                if (watchEvent.Type == WatchEventType.Error)
                {
                    attempt.Error = KubernetesApiException.FromStatus(watchEvent.Status);
                    yield break;
                }

                var obj = watchEvent.Object;
                if (obj is null)
                {
                    continue;
                }

                var version = obj.Metadata?.ResourceVersion;
                if (!string.IsNullOrEmpty(version))
                {
                    ResourceVersion = version;
                }

                WatcherLog.Event(_logger, watchEvent.Type.ToString(), _resourceName, obj.Metadata?.Name, version);
                switch (watchEvent.Type)
                {
                    case WatchEventType.Added or WatchEventType.Modified:
                        yield return WatcherEvent<T>.Apply(Normalize(obj));
                        break;
                    case WatchEventType.Deleted:
                        yield return WatcherEvent<T>.Delete(Normalize(obj));
                        break;
                    case WatchEventType.Bookmark when IsInitialEventsEnd(obj):
                        yield return WatcherEvent<T>.InitDone;
                        break;
                }
            }
        }

        var elapsed = _options.TimeProvider.GetElapsedTime(started);
        if (received == 0 && elapsed < _options.MinimumWatchDuration)
        {
            attempt.VeryShortWatch = elapsed;
        }
    }

    private WatchRequest NewWatchRequest() => new()
    {
        LabelSelector = _options.LabelSelector,
        FieldSelector = _options.FieldSelector,
        ResourceVersion = ResourceVersion,
        AllowWatchBookmarks = _options.Bookmarks,
        TimeoutSeconds = (int)Math.Max(1, _options.WatchTimeout.TotalSeconds),
    };

    private static bool IsInitialEventsEnd(T bookmark) =>
        bookmark.Metadata?.Annotations?.TryGetValue(InitialEventsEndAnnotation, out var value) == true
        && string.Equals(value, "true", StringComparison.Ordinal);

    // List items of built-in kinds arrive without kind/apiVersion, and metadata-only objects carry
    // PartialObjectMetadata's; both are set to the watched resource so object references render correctly downstream.
    private T Normalize(T obj)
    {
        if (_isMetadataOnly || string.IsNullOrEmpty(obj.Kind))
        {
            obj.Kind = _client.Resource.Kind;
            obj.ApiVersion = _client.Resource.ApiVersion;
        }

        return obj;
    }

    private static async ValueTask<(TResult? Result, Exception? Error)> TryAsync<TResult>(
        Func<Task<TResult>> call, CancellationToken cancellationToken)
        where TResult : class
    {
        try
        {
            return (await call().ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }

    private static async ValueTask<(bool HasNext, Exception? Error)> TryMoveNextAsync(
        IAsyncEnumerator<WatchEvent<T>> events, CancellationToken cancellationToken)
    {
        try
        {
            return (await events.MoveNextAsync().ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return (false, ex);
        }
    }

    /// <summary>What one phase (list, streaming list or watch) left behind for the retry decision.</summary>
    private sealed class Attempt
    {
        public Exception? Error { get; set; }

        public bool DuringInitialState { get; set; }

        public bool InitialStateDone { get; set; }

        public bool FellBackToList { get; set; }

        public TimeSpan? VeryShortWatch { get; set; }
    }
}
