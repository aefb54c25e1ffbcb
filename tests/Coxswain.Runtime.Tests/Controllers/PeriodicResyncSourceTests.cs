using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Tests.Support;
using Coxswain.Runtime.Watchers;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.Controllers;

public class PeriodicResyncSourceTests
{
    [Fact]
    public async Task Requests_every_cached_object_once_per_jittered_period()
    {
        var clock = new FakeTimeProvider();
        var writer = new StoreWriter<V1ConfigMap>();
        writer.Apply(WatcherEvent<V1ConfigMap>.Init);
        writer.Apply(WatcherEvent<V1ConfigMap>.InitApply(Objects.ConfigMap("a")));
        writer.Apply(WatcherEvent<V1ConfigMap>.InitApply(Objects.ConfigMap("b")));
        writer.Apply(WatcherEvent<V1ConfigMap>.InitDone);
        var source = new PeriodicResyncSource<V1ConfigMap>(writer.Store, TimeSpan.FromHours(10), clock, new ZeroRandom());
        using var cts = new CancellationTokenSource();
        await using var requests = source.RequestsAsync(cts.Token).GetAsyncEnumerator();

        var first = requests.MoveNextAsync().AsTask();
        await Eventually.SettleAsync();
        Assert.False(first.IsCompleted);
        clock.Advance(TimeSpan.FromHours(10));

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(5)));
        var firstRequest = requests.Current;
        Assert.True(await requests.MoveNextAsync());
        Assert.Equal(["a", "b"], new[] { firstRequest.Name, requests.Current.Name }.Order());
        Assert.All(new[] { firstRequest, requests.Current }, r => Assert.Equal(ReconcileReasons.BulkReconcile, r.Reason));
        await source.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1));
    }

    private sealed class ZeroRandom : Random
    {
        public override double NextDouble() => 0;
    }
}
