using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Tests.Support;
using k8s.Models;
using static Coxswain.Runtime.Tests.Support.WatchEvents;

namespace Coxswain.Runtime.Tests.Informers;

public sealed class SharedInformerTests : IDisposable
{
    private readonly FakeListWatchClient<V1ConfigMap> _server = new(ApiResource.For<V1ConfigMap>());
    private readonly CancellationTokenSource _cts = new();

    [Fact]
    public async Task Every_subscriber_sees_the_initial_state_and_then_each_change()
    {
        _server.EnqueueList("10", null, Objects.ConfigMap("a"));
        var live = _server.EnqueueLiveWatch();
        var informer = new SharedInformer<V1ConfigMap>(_server);
        using var early = informer.Subscribe();
        var run = informer.RunAsync(_cts.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(5));
        using var late = informer.Subscribe();

        await live.WriteAsync(Modified(Objects.ConfigMap("a", resourceVersion: "11")));
        await live.WriteAsync(Deleted(Objects.ConfigMap("a", resourceVersion: "12")));

        var expected = new[] { "Added a 1", "Updated a 11", "Deleted a 12" };
        Assert.Equal(expected, await TakeAsync(early, 3));
        Assert.Equal(expected, await TakeAsync(late, 3));
        await _cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Stopping_completes_subscriptions_and_unsubscribing_stops_delivery()
    {
        _server.EnqueueList("10", null);
        var live = _server.EnqueueLiveWatch();
        var informer = new SharedInformer<V1ConfigMap>(_server);
        var leaving = informer.Subscribe();
        using var staying = informer.Subscribe();
        var run = informer.RunAsync(_cts.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(5));

        leaving.Dispose();
        await live.WriteAsync(Added(Objects.ConfigMap("b", resourceVersion: "11")));
        Assert.Equal(["Added b 11"], await TakeAsync(staying, 1));
        Assert.Equal(0, leaving.Pending);

        await _cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(await staying.ReadAllAsync().ToListAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => informer.RunAsync(CancellationToken.None));
    }

    public void Dispose() => _cts.Cancel();

    private static async Task<List<string>> TakeAsync(InformerSubscription<V1ConfigMap> subscription, int count)
    {
        var taken = new List<string>();
        await foreach (var change in subscription.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token))
        {
            taken.Add($"{change.Type} {change.Object.Metadata.Name} {change.Object.Metadata.ResourceVersion}");
            if (taken.Count == count)
            {
                break;
            }
        }

        return taken;
    }
}
