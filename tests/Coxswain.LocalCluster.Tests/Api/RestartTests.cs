using Coxswain.LocalCluster.Server;
using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>The durable server: what was acknowledged survives a restart, and one data directory has one owner.</summary>
public sealed class RestartTests : IDisposable
{
    readonly TemporaryDirectory dataDir = new();

    public void Dispose() => dataDir.Dispose();

    Task<LocalApiServer> StartAsync() =>
        LocalApiServer.StartAsync(new LocalClusterOptions { DataDir = dataDir.Path, Port = 0, InMemory = false, Nodes = 0 });

    static Kubernetes ClientFor(LocalApiServer server) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath));

    [Fact]
    public async Task Every_acknowledged_write_is_there_after_a_restart_and_revisions_keep_increasing()
    {
        string uid, lastRv;
        await using (var server = await StartAsync())
        {
            using var client = ClientFor(server);
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "kept" } });
            var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = "settings" },
                Data = new Dictionary<string, string> { ["v"] = "1" },
            }, "kept");
            cm.Data["v"] = "2";
            cm = await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "settings", "kept");
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "gone" } }, "kept");
            await client.CoreV1.DeleteNamespacedConfigMapAsync("gone", "kept");
            uid = cm.Metadata.Uid;
            lastRv = (await client.CoreV1.ListNamespacedConfigMapAsync("kept")).Metadata.ResourceVersion;
        }

        await using (var server = await StartAsync())
        {
            using var client = ClientFor(server);
            var cm = await client.CoreV1.ReadNamespacedConfigMapAsync("settings", "kept");
            Assert.Equal("2", cm.Data["v"]);
            Assert.Equal(uid, cm.Metadata.Uid);
            await ApiAssert.FailsWith(404, () => client.CoreV1.ReadNamespacedConfigMapAsync("gone", "kept"));

            // The system objects were not duplicated and the counter did not go back.
            var namespaces = await client.CoreV1.ListNamespaceAsync();
            Assert.Single(namespaces.Items, n => n.Metadata.Name == "default");
            Assert.True(long.Parse(namespaces.Metadata.ResourceVersion) >= long.Parse(lastRv));
            var next = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "new" } }, "kept");
            Assert.True(long.Parse(next.Metadata.ResourceVersion) > long.Parse(lastRv));

            // An optimistic lock taken before the restart still works after it.
            cm.Data["v"] = "3";
            await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "settings", "kept");
        }
    }

    [Fact]
    public async Task Stopping_the_server_ends_open_watches_promptly()
    {
        var server = await StartAsync();
        using var http = TestCluster.CreateHttpClient(server, authenticated: true);
        await using var watch = await RawWatch.OpenAsync(http, "/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true");
        Assert.Equal(200, watch.StatusCode);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await server.DisposeAsync();
        // The shutdown timeout is 10 s; a watch used to hold shutdown for all of it.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"shutdown took {clock.Elapsed} with a watch open");
        // The client sees its stream end (or the connection drop), not a hang.
        try { while (await watch.NextAsync(TimeSpan.FromSeconds(3)) is not null) { } }
        catch (IOException) { }
        catch (HttpRequestException) { }
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_directory_fails_at_once_and_the_first_keeps_serving()
    {
        await using var first = await StartAsync();
        using var client = ClientFor(first);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before" } }, "default");

        var e = await Assert.ThrowsAsync<DataDirectoryInUseException>(StartAsync);
        Assert.Contains("is already in use", e.Message);

        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, "default");
        var names = (await client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(i => i.Metadata.Name);
        Assert.Superset(new HashSet<string> { "before", "after" }, names.ToHashSet());
    }
}
