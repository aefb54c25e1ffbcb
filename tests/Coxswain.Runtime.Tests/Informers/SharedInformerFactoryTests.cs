using Coxswain.Runtime.Client;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Tests.Support;
using Coxswain.Runtime.Watchers;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Informers;

public class SharedInformerFactoryTests
{
    [Fact]
    public async Task Shares_one_running_informer_per_type_namespace_and_selector()
    {
        var clients = new FakeListWatchClientFactory();
        await using var informers = new SharedInformerFactory(clients);

        var first = informers.Get<V1Pod>();
        var second = informers.Get<V1Pod>();
        var otherNamespace = informers.Get<V1Pod>("team-a");
        var otherSelector = informers.Get<V1Pod>(watcherOptions: new WatcherOptions { LabelSelector = "app=web" });
        var metadataOnly = informers.Get<PartialObjectMetadata>(ApiResource.For<V1Pod>());

        Assert.Same(first, second);
        Assert.NotSame(first, otherNamespace);
        Assert.NotSame(first, otherSelector);
        Assert.Equal(4, informers.Count);
        Assert.Equal(3, clients.Created);
        await Eventually.TrueAsync(() => first.IsStarted && metadataOnly.IsStarted, "informers start when first requested");
    }

    [Fact]
    public async Task Disposing_stops_every_informer()
    {
        var clients = new FakeListWatchClientFactory();
        var informers = new SharedInformerFactory(clients);
        var pods = informers.Get<V1Pod>();
        await Eventually.TrueAsync(() => pods.IsStarted, "started");

        await informers.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Throws<ObjectDisposedException>(() => informers.Get<V1Pod>());
    }
}
