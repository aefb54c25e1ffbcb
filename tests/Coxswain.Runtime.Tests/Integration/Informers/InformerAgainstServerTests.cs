using System.Net;
using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Tests.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Integration.Informers;

public sealed class InformerAgainstServerTests
{
    private const string Ns = "informed";

    [Fact]
    public async Task The_store_and_every_subscriber_end_equal_to_the_server_after_thousands_of_concurrent_changes()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        await using var informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(cluster.Client));
        // Short server-side watch timeouts make the watcher resume many times in the middle of the storm.
        var informer = informers.Get<V1ConfigMap>(Ns, Fast.Watcher with
        {
            WatchTimeout = TimeSpan.FromSeconds(1),
            MinimumWatchDuration = TimeSpan.FromMilliseconds(100),
        });
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));
        using var subscription = informer.Subscribe();
        var replica = new Dictionary<string, string>();
        var replicating = Task.Run(async () =>
        {
            await foreach (var change in subscription.ReadAllAsync())
            {
                lock (replica)
                {
                    if (change.Type == ObjectChangeType.Deleted)
                    {
                        replica.Remove(change.Object.Metadata.Name);
                    }
                    else
                    {
                        replica[change.Object.Metadata.Name] = change.Object.Metadata.ResourceVersion;
                    }
                }
            }
        });

        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() => ChurnAsync(configMaps, writer, operations: 400))));

        var server = (await configMaps.ListAsync(Ns)).Items.ToDictionary(c => c.Metadata.Name, c => c.Metadata.ResourceVersion);
        Assert.NotEmpty(server);
        await Eventually.TrueAsync(() => Snapshot(informer.Store).SequenceEqual(server.OrderBy(p => p.Key)), "the store caught up with the server", 15_000);
        await Eventually.TrueAsync(
            () => { lock (replica) { return replica.OrderBy(p => p.Key).SequenceEqual(server.OrderBy(p => p.Key)); } },
            "the subscriber's replica caught up with the server",
            15_000);
        subscription.Dispose();
        await replicating;
    }

    [Fact]
    public async Task A_metadata_only_informer_negotiates_partial_objects_and_caches_them_under_the_real_kind()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            Cluster.ConfigMap("big", Ns, new Dictionary<string, string> { ["payload"] = new('x', 10_000) }, new Dictionary<string, string> { ["app"] = "web" }), Ns);
        var log = new RequestLog();
        using var client = cluster.NewClient(log);
        await using var informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(client));

        var informer = informers.Get<PartialObjectMetadata>(ApiResource.For<V1ConfigMap>(), Ns, Fast.Watcher);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("small", Ns), Ns);
        await Eventually.TrueAsync(() => informer.Store.Count == 2, "the watch delivered the second object");

        var big = informer.Store.Get(Ns, "big")!;
        Assert.Equal(("ConfigMap", "v1", "web"), (big.Kind, big.ApiVersion, big.Metadata.Labels["app"]));
        var list = Assert.Single(log.Lists);
        Assert.StartsWith("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", list.Accept);
        Assert.StartsWith("application/json;as=PartialObjectMetadataList", list.ContentType);
        Assert.StartsWith("application/json;as=PartialObjectMetadata;", log.Watches[0].Accept);
    }

    [Fact]
    public async Task Two_informers_of_one_kind_share_one_watch()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        var log = new RequestLog();
        using var client = cluster.NewClient(log);
        await using var informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(client));

        var first = informers.Get<V1ConfigMap>(Ns, Fast.Watcher);
        var second = informers.Get<V1ConfigMap>(Ns, Fast.Watcher);
        await first.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("a", Ns), Ns);
        await Eventually.TrueAsync(() => second.Store.Get(Ns, "a") is not null, "the shared cache saw the object");

        Assert.Same(first, second);
        Assert.Single(log.Watches);
    }

    private static async Task ChurnAsync(ResourceClient<V1ConfigMap> configMaps, int writer, int operations)
    {
        var random = new Random(writer);
        for (var i = 0; i < operations; i++)
        {
            var name = $"cm-{random.Next(60)}";
            try
            {
                switch (random.Next(3))
                {
                    case 0:
                        await configMaps.CreateAsync(Cluster.ConfigMap(name, Ns, new Dictionary<string, string> { ["v"] = "0" }));
                        break;
                    case 1:
                        await configMaps.PatchAsync(Ns, name, Runtime.Patching.Patches.Merge(new() { ["data"] = new System.Text.Json.Nodes.JsonObject { ["v"] = $"{writer}-{i}" } }));
                        break;
                    default:
                        await configMaps.DeleteAsync(Ns, name);
                        break;
                }
            }
            catch (KubernetesApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
            {
                // Another writer got there first: expected in a storm.
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Snapshot(Store<V1ConfigMap> store) =>
        store.List().Select(c => KeyValuePair.Create(c.Metadata.Name, c.Metadata.ResourceVersion)).OrderBy(p => p.Key);
}
