using Coxswain.Runtime.Backoff;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Tests.Support;
using Coxswain.Runtime.Watchers;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using static Coxswain.Runtime.Tests.Support.WatchEvents;

namespace Coxswain.Runtime.Tests.Watchers;

public sealed class ResourceWatcherTests : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _clock = new();
    private readonly FakeListWatchClient<V1ConfigMap> _server = new(ApiResource.For<V1ConfigMap>());
    private readonly CancellationTokenSource _cts = new();
    private readonly CountingBackoff _backoff = new(RetryDelay);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();
    private Task? _pump;
    private int _taken;

    [Fact]
    public async Task Lists_page_by_page_then_watches_from_the_list_version()
    {
        _server.EnqueueList("10", "page-2", Objects.ConfigMap("a"), Objects.ConfigMap("b"));
        _server.EnqueueList("10", null, Objects.ConfigMap("c"));
        _server.EnqueueWatch([Added(Objects.ConfigMap("d", resourceVersion: "11")), Deleted(Objects.ConfigMap("a", resourceVersion: "12"))], thenHang: true);
        Start(new WatcherOptions { PageSize = 2, LabelSelector = "app=web" });

        Assert.Equal(
            ["Init", "InitApply a", "InitApply b", "InitApply c", "InitDone", "Apply d", "Delete a"],
            await NextAsync(7));

        var pages = _server.ListRequests.ToList();
        Assert.Equal((2, null, null, "app=web"), (pages[0].Limit, pages[0].Continue, pages[0].ResourceVersion, pages[0].LabelSelector));
        Assert.Equal(("page-2", (string?)null), (pages[1].Continue, pages[1].ResourceVersion));
        var watch = Assert.Single(_server.WatchRequests);
        Assert.Equal(("10", true, false, 290, "app=web"), (watch.ResourceVersion, watch.AllowWatchBookmarks, watch.SendInitialEvents, watch.TimeoutSeconds, watch.LabelSelector));
    }

    [Fact]
    public async Task Resumes_from_the_last_bookmark_when_the_server_closes_the_watch()
    {
        _server.EnqueueList("10", null);
        _server.EnqueueWatch([Modified(Objects.ConfigMap("a", resourceVersion: "11")), Bookmark("15")]);
        _server.EnqueueWatch([Modified(Objects.ConfigMap("a", resourceVersion: "16"))], thenHang: true);
        Start();

        Assert.Equal(["Init", "InitDone", "Apply a", "Apply a"], await NextAsync(4));
        Assert.Equal(["10", "15"], _server.WatchRequests.Select(r => r.ResourceVersion));
        Assert.Single(_server.ListRequests);
        Assert.Equal(0, _backoff.Calls);
    }

    [Fact]
    public async Task Relists_at_once_when_the_watch_expires()
    {
        _server.EnqueueList("10", null, Objects.ConfigMap("a"));
        _server.EnqueueWatch([Expired<V1ConfigMap>()]);
        _server.EnqueueList("20", null, Objects.ConfigMap("b"));
        _server.EnqueueWatchError(HttpError(410, "Gone"));
        _server.EnqueueList("30", null);
        _server.EnqueueWatch([], thenHang: true);
        Start();

        Assert.Equal(
            ["Init", "InitApply a", "InitDone", "Init", "InitApply b", "InitDone", "Init", "InitDone"],
            await NextAsync(8));
        Assert.Equal(["10", "20", "30"], _server.WatchRequests.Select(r => r.ResourceVersion));
        Assert.All(_server.ListRequests, r => Assert.Null(r.ResourceVersion));
        Assert.Equal(0, _backoff.Calls);
    }

    [Fact]
    public async Task Backs_off_after_a_failed_list_and_recovers()
    {
        _server.EnqueueListError(new HttpRequestException("connection refused"));
        _server.EnqueueListError(HttpError(403, "Forbidden", "configmaps is forbidden"));
        _server.EnqueueList("10", null, Objects.ConfigMap("a"));
        _server.EnqueueWatch([], thenHang: true);
        Start();

        await Eventually.TrueAsync(() => _backoff.Calls == 1, "the first failure backed off");
        Assert.Single(_server.ListRequests);
        _clock.Advance(RetryDelay);
        await Eventually.TrueAsync(() => _backoff.Calls == 2, "the second failure backed off");
        Assert.Equal(2, _server.ListRequests.Count);
        _clock.Advance(RetryDelay);

        Assert.Equal(["Init", "Init", "Init", "InitApply a", "InitDone"], await NextAsync(5));
    }

    [Fact]
    public async Task Backs_off_after_a_failed_watch_then_resumes_from_the_same_version()
    {
        _server.EnqueueList("10", null);
        _server.EnqueueWatchError(new HttpRequestException("connection reset"), Modified(Objects.ConfigMap("a", resourceVersion: "12")));
        _server.EnqueueWatch([], thenHang: true);
        Start();

        Assert.Equal(["Init", "InitDone", "Apply a"], await NextAsync(3));
        await Eventually.TrueAsync(() => _backoff.Calls == 1, "the failed watch backed off");
        Assert.Single(_server.WatchRequests);
        _clock.Advance(RetryDelay);

        await Eventually.TrueAsync(() => _server.WatchRequests.Count == 2, "the watch was reopened");
        Assert.Equal("12", _server.WatchRequests.Last().ResourceVersion);
        Assert.Single(_server.ListRequests);
    }

    [Fact]
    public async Task A_watch_that_closes_at_once_without_events_backs_off_instead_of_looping()
    {
        _server.EnqueueList("10", null);
        _server.EnqueueWatch([]);
        _server.EnqueueWatch([], thenHang: true);
        Start();

        Assert.Equal(["Init", "InitDone"], await NextAsync(2));
        await Eventually.TrueAsync(() => _backoff.Calls == 1, "the very short watch backed off");
        await Eventually.SettleAsync();
        Assert.Single(_server.WatchRequests);

        _clock.Advance(RetryDelay);
        await Eventually.TrueAsync(() => _server.WatchRequests.Count == 2, "the watch was reopened after the delay");
    }

    [Fact]
    public async Task Streams_the_initial_list_when_asked_and_keeps_watching_on_the_same_stream()
    {
        _server.EnqueueWatch(
            [
                Added(Objects.ConfigMap("a", resourceVersion: "5")),
                Added(Objects.ConfigMap("b", resourceVersion: "7")),
                Bookmark("9", initialEventsEnd: true),
                Modified(Objects.ConfigMap("a", resourceVersion: "10")),
            ],
            thenHang: true);
        var watcher = Start(new WatcherOptions { InitialListStrategy = InitialListStrategy.StreamingList });

        Assert.Equal(["Init", "InitApply a", "InitApply b", "InitDone", "Apply a"], await NextAsync(5));

        var request = Assert.Single(_server.WatchRequests);
        Assert.Equal((true, "NotOlderThan", true, null), (request.SendInitialEvents, request.ResourceVersionMatch, request.AllowWatchBookmarks, request.ResourceVersion));
        Assert.Empty(_server.ListRequests);
        Assert.Equal("10", watcher.ResourceVersion);
    }

    [Fact]
    public async Task Falls_back_to_list_when_the_server_refuses_streaming_lists()
    {
        _server.EnqueueWatchError(HttpError(422, "Invalid", "sendInitialEvents is not supported"));
        _server.EnqueueList("10", null, Objects.ConfigMap("a"));
        _server.EnqueueWatch([], thenHang: true);
        var watcher = Start(new WatcherOptions { InitialListStrategy = InitialListStrategy.StreamingList });

        Assert.Equal(["Init", "Init", "InitApply a", "InitDone"], await NextAsync(4));
        Assert.False(watcher.StreamingListSupported);
        Assert.Equal(0, _backoff.Calls);
        Assert.False(_server.WatchRequests.Last().SendInitialEvents);
    }

    [Fact]
    public async Task Falls_back_to_list_when_the_server_silently_ignores_streaming_lists()
    {
        _server.EnqueueWatch([Added(Objects.ConfigMap("a", resourceVersion: "5"))]);
        _server.EnqueueList("10", null, Objects.ConfigMap("a"));
        _server.EnqueueWatch([], thenHang: true);
        var watcher = Start(new WatcherOptions { InitialListStrategy = InitialListStrategy.StreamingList });

        Assert.Equal(["Init", "InitApply a", "Init", "InitApply a", "InitDone"], await NextAsync(5));
        Assert.False(watcher.StreamingListSupported);
    }

    [Fact]
    public async Task Reads_any_cached_state_with_resource_version_zero_when_asked()
    {
        _server.EnqueueList("10", "next");
        _server.EnqueueList("10", null);
        _server.EnqueueWatch([], thenHang: true);
        Start(new WatcherOptions { ListSemantic = ListSemantic.Any });

        await NextAsync(2);

        Assert.Equal(["0", null], _server.ListRequests.Select(r => r.ResourceVersion));
    }

    [Fact]
    public async Task Fills_in_the_kind_of_list_items_and_metadata_only_objects()
    {
        var server = new FakeListWatchClient<PartialObjectMetadata>(ApiResource.For<V1Pod>());
        server.EnqueueList("1", null, new PartialObjectMetadata { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" } });
        server.EnqueueWatch([], thenHang: true);
        var watcher = new ResourceWatcher<PartialObjectMetadata>(server, new WatcherOptions { TimeProvider = _clock });
        await using var events = watcher.WatchAsync(_cts.Token).GetAsyncEnumerator();

        await events.MoveNextAsync();
        await events.MoveNextAsync();

        Assert.Equal(("Pod", "v1"), (events.Current.Object!.Kind, events.Current.Object.ApiVersion));
    }

    [Fact]
    public async Task Cancellation_ends_the_stream()
    {
        _server.EnqueueList("10", null);
        _server.EnqueueWatch([], thenHang: true);
        Start();
        await NextAsync(2);

        await _cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _pump!.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        if (_pump is not null)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _pump.WaitAsync(TimeSpan.FromSeconds(5)));
        }
    }

    private ResourceWatcher<V1ConfigMap> Start(WatcherOptions? options = null)
    {
        var watcher = new ResourceWatcher<V1ConfigMap>(_server, (options ?? new WatcherOptions()) with
        {
            TimeProvider = _clock,
            BackoffFactory = _ => _backoff,
        });
        _pump = Task.Run(async () =>
        {
            await foreach (var current in watcher.WatchAsync(_cts.Token))
            {
                _seen.Enqueue(current.Object is null ? current.Type.ToString() : $"{current.Type} {current.Object.Metadata.Name}");
            }
        });
        return watcher;
    }

    // A consumer that keeps pulling, as a reflector does: the watcher only makes progress while its stream is read.
    private async Task<List<string>> NextAsync(int count)
    {
        await Eventually.TrueAsync(() => _seen.Count >= _taken + count, $"{count} more events arrived (seen: {string.Join(", ", _seen)})");
        var next = _seen.Skip(_taken).Take(count).ToList();
        _taken += count;
        return next;
    }

    private sealed class CountingBackoff(TimeSpan delay) : IBackoff
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public TimeSpan NextDelay()
        {
            Interlocked.Increment(ref _calls);
            return delay;
        }

        public void Reset()
        {
        }
    }
}
