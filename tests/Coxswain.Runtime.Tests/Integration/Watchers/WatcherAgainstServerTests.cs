using Coxswain.Runtime.Client;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Tests.Support;
using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Integration.Watchers;

/// <summary>The watcher against the local API server over HTTPS: every path of its state machine, with real responses.</summary>
public sealed class WatcherAgainstServerTests
{
    private const string Ns = "watched";

    [Fact]
    public async Task Lists_in_pages_then_watches_from_the_list_version()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        for (var i = 0; i < 25; i++)
        {
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap($"cm-{i:D2}", Ns), Ns);
        }

        var log = new RequestLog();
        using var client = cluster.NewClient(log);
        await using var recording = Watch(client, Fast.Watcher with { PageSize = 10 });

        var initial = await recording.NextAsync(27);
        Assert.Equal(["Init", .. Enumerable.Range(0, 25).Select(i => $"InitApply cm-{i:D2}"), "InitDone"], initial);
        var pages = log.Lists;
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal("10", p.Query("limit")));
        Assert.Null(pages[0].Query("continue"));
        Assert.All(pages.Skip(1), p => Assert.Equal((true, null), (p.Query("continue") is not null, p.Query("resourceVersion"))));

        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("late", Ns), Ns);
        Assert.Equal(["Apply late"], await recording.NextAsync(1));
        var watch = Assert.Single(log.Watches);
        Assert.Equal("true", watch.Query("allowWatchBookmarks"));
        Assert.True(long.Parse(watch.Query("resourceVersion")!) > 0);
    }

    [Fact]
    public async Task Streams_the_initial_list_and_keeps_watching_on_the_same_connection()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap(name, Ns), Ns);
        }

        var log = new RequestLog();
        using var client = cluster.NewClient(log);
        await using var recording = Watch(client, Fast.Watcher with { InitialListStrategy = InitialListStrategy.StreamingList });

        var initial = await recording.NextAsync(5);
        Assert.Equal("Init", initial[0]);
        Assert.Equal(["InitApply a", "InitApply b", "InitApply c"], initial[1..4].Order());
        Assert.Equal("InitDone", initial[4]);
        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("b", Ns);
        Assert.Equal(["Delete b"], await recording.NextAsync(1));

        Assert.Empty(log.Lists);
        var watch = Assert.Single(log.Watches);
        Assert.Equal(("true", "NotOlderThan", "true"), (watch.Query("sendInitialEvents"), watch.Query("resourceVersionMatch"), watch.Query("allowWatchBookmarks")));
        Assert.True(recording.Watcher.StreamingListSupported);
    }

    [Fact]
    public async Task Resumes_from_the_last_resource_version_when_the_server_closes_the_watch()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        var log = new RequestLog();
        using var client = cluster.NewClient(log);
        await using var recording = Watch(client, Fast.Watcher with
        {
            WatchTimeout = TimeSpan.FromSeconds(1),
            MinimumWatchDuration = TimeSpan.FromMilliseconds(100),
        });
        Assert.Equal(["Init", "InitDone"], await recording.NextAsync(2));

        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("a", Ns), Ns);
        Assert.Equal(["Apply a"], await recording.NextAsync(1));
        var watchesBefore = log.Watches.Count;
        await Eventually.TrueAsync(() => log.Watches.Count >= watchesBefore + 2, "the server closed the watch twice and the watcher re-opened it", 8000);
        await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "a", Ns);
        Assert.Equal(["Apply a"], await recording.NextAsync(1));

        Assert.Single(log.Lists);
        var resumedFrom = log.Watches.Skip(watchesBefore).Select(w => long.Parse(w.Query("resourceVersion")!)).ToList();
        Assert.All(resumedFrom, rv => Assert.True(rv >= long.Parse(created.Metadata.ResourceVersion), $"resumed from {rv}, before the version seen"));
        Assert.Equal(["Init", "InitDone", "Apply a", "Apply a"], recording.Events);
    }

    [Fact]
    public async Task Bookmarks_advance_the_resume_version_without_events()
    {
        await using var cluster = await TestCluster.StartAsync(o => o.Watch.BookmarkInterval = TimeSpan.FromMilliseconds(100));
        await cluster.Client.NamespaceAsync(Ns);
        await cluster.Client.NamespaceAsync("elsewhere");
        await using var recording = Watch(cluster.Client, Fast.Watcher);
        Assert.Equal(["Init", "InitDone"], await recording.NextAsync(2));
        var listed = long.Parse(recording.Watcher.ResourceVersion!);

        V1ConfigMap? other = null;
        for (var i = 0; i < 3; i++)
        {
            other = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap($"other-{i}", "elsewhere"), "elsewhere");
        }

        var target = long.Parse(other!.Metadata.ResourceVersion);
        Assert.True(target > listed);
        await Eventually.TrueAsync(
            () => long.Parse(recording.Watcher.ResourceVersion!) >= target, "a bookmark carried the watcher past the other namespace's writes");
        Assert.Equal(["Init", "InitDone"], recording.Events);
    }

    [Fact]
    public async Task Relists_after_a_compaction_made_the_resume_version_expire()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        await cluster.Client.NamespaceAsync("elsewhere");
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("a", Ns), Ns);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("b", Ns), Ns);
        var partition = new NetworkPartition();
        var log = new RequestLog();
        using var client = cluster.NewClient(partition, log);
        // No bookmarks: the resume version then stays where the missed changes start, so the compaction removes it.
        await using var recording = Watch(client, Fast.Watcher with { Bookmarks = false });
        Assert.Equal(["Init", "InitApply a", "InitApply b", "InitDone"], await recording.NextAsync(4));

        partition.Partition();
        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", Ns);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("c", Ns), Ns);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("noise", "elsewhere"), "elsewhere");
        await cluster.Server.Store.CompactAsync(cluster.Server.Store.CurrentRevision);
        partition.Heal();

        await recording.SkipUntilAsync("Init");
        var relisted = await recording.NextAsync(3);
        Assert.Equal(["InitApply b", "InitApply c", "InitDone"], relisted);
        Assert.Equal(2, log.Lists.Count);
        Assert.Null(log.Lists[1].Query("resourceVersion"));
    }

    [Fact]
    public async Task Backs_off_while_the_server_is_down_and_recovers_when_it_returns()
    {
        var dataDir = Directory.CreateTempSubdirectory("coxswain-runtime-tests-").FullName;
        try
        {
            var first = await TestCluster.StartAsync(o => o.InMemory = false, dataDir);
            var port = first.Server.BaseAddress.Port;
            await first.Client.NamespaceAsync(Ns);
            await first.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("before", Ns), Ns);
            using var client = first.NewClient();
            var backoff = new RecordingBackoff(Fast.Backoff(TimeProvider.System));
            await using var recording = Watch(client, Fast.Watcher with { BackoffFactory = _ => backoff });
            Assert.Equal(["Init", "InitApply before", "InitDone"], await recording.NextAsync(3));

            await first.DisposeAsync();
            await Task.Delay(1500);
            // 50, 100, 200, 400, 400… ms: about 6 attempts in 1.5 s. A hot loop would make thousands.
            Assert.InRange(backoff.Delays.Count, 2, 10);
            Assert.Equal(TimeSpan.FromMilliseconds(400), backoff.Delays.Max());

            await using var second = await TestCluster.StartAsync(o => (o.InMemory, o.Port) = (false, port), dataDir);
            await second.Client.CoreV1.CreateNamespacedConfigMapAsync(Cluster.ConfigMap("after", Ns), Ns);
            await recording.SkipUntilAsync("Apply after", 15_000);
            Assert.DoesNotContain("Delete before", recording.Events);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static WatcherRecording<V1ConfigMap> Watch(Kubernetes client, WatcherOptions options) =>
        new(new ResourceWatcher<V1ConfigMap>(new KubernetesListWatchClient<V1ConfigMap>(client, ApiResource.For<V1ConfigMap>(), Ns), options));
}
