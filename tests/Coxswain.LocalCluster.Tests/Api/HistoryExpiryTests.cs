using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Server;
using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>A server of its own, since these tests compact its history and want bookmarks often.</summary>
public sealed class CompactingCluster : TestCluster
{
    public static readonly TimeSpan BookmarkInterval = TimeSpan.FromMilliseconds(300);

    protected override void Configure(LocalClusterOptions options) => options.Watch.BookmarkInterval = BookmarkInterval;
}

/// <summary>What clients see once history they point at is gone (410 Expired), and periodic bookmarks.</summary>
public sealed class HistoryExpiryTests(CompactingCluster cluster) : IClassFixture<CompactingCluster>
{
    Kubernetes Client => cluster.Client;

    async Task<(string Ns, string OldRv)> WriteThenCompactAsync()
    {
        var ns = await cluster.CreateNamespaceAsync("expiry");
        for (var i = 0; i < 5; i++)
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"cm-{i}" } }, ns);
        var oldRv = (await Client.CoreV1.ReadNamespacedConfigMapAsync("cm-0", ns)).Metadata.ResourceVersion;
        await cluster.Server.Store.CompactAsync(cluster.Server.Store.CurrentRevision);
        return (ns, oldRv);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resourceVersion_gets_a_410_Expired_ERROR_event_and_the_stream_ends()
    {
        var (ns, oldRv) = await WriteThenCompactAsync();
        var compactedTo = cluster.Server.Store.OldestReachableRevision;

        await using var watch = await RawWatch.OpenAsync(cluster.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={oldRv}");
        Assert.Equal(200, watch.StatusCode); // like the watch cache: the error travels inside the stream
        var error = await watch.NextAsync();
        Assert.Equal("ERROR", error!.Type());
        ApiAssert.IsStatus(error!["object"], 410, "Expired", $"too old resource version: {oldRv} ({compactedTo})");
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task The_client_library_reports_the_expiry_as_a_410_error()
    {
        var (ns, oldRv) = await WriteThenCompactAsync();
        var errors = new List<Exception>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var _ in Client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: oldRv, onError: errors.Add,
                           cancellationToken: cancel.Token))
        {
            Assert.Fail("no event can be delivered from compacted history");
        }
        var expired = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);
    }

    [Fact]
    public async Task A_continue_token_into_compacted_history_is_410_Expired()
    {
        var ns = await cluster.CreateNamespaceAsync("expiry");
        for (var i = 0; i < 4; i++)
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"cm-{i}" } }, ns);
        var first = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "later" } }, ns);
        await cluster.Server.Store.CompactAsync(cluster.Server.Store.CurrentRevision);

        var status = await ApiAssert.FailsWith(410, () =>
            Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: first.Metadata.ContinueProperty));
        ApiAssert.IsStatus(status, 410, "Expired",
            "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
    }

    [Fact]
    public async Task An_exact_list_at_a_compacted_resourceVersion_is_410_Expired()
    {
        var (ns, oldRv) = await WriteThenCompactAsync();
        var status = await ApiAssert.FailsWith(410, () =>
            Client.CoreV1.ListNamespacedConfigMapAsync(ns, resourceVersion: oldRv, resourceVersionMatch: "Exact"));
        Assert.StartsWith($"too old resource version: {oldRv} (", (string?)status["message"]);
    }

    [Fact]
    public async Task An_idle_watch_that_allows_bookmarks_gets_them_with_the_current_resourceVersion()
    {
        var ns = await cluster.CreateNamespaceAsync("bookmarks");
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, ns);

        await using var watch = await RawWatch.OpenAsync(cluster.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion={created.Metadata.ResourceVersion}");
        var bookmarks = await watch.TakeAsync(2, CompactingCluster.BookmarkInterval * 10);
        Assert.All(bookmarks, b =>
        {
            Assert.Equal("BOOKMARK", b.Type());
            Assert.Equal("ConfigMap", (string?)b["object"]!["kind"]);
            Assert.Equal("v1", (string?)b["object"]!["apiVersion"]);
            Assert.True(b.ResourceVersion() >= long.Parse(created.Metadata.ResourceVersion));
            Assert.Null(b["object"]!["metadata"]!["name"]);
        });
    }

    [Fact]
    public async Task A_watch_without_allowWatchBookmarks_gets_no_bookmarks()
    {
        var ns = await cluster.CreateNamespaceAsync("bookmarks");
        var rv = (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        await using var watch = await RawWatch.OpenAsync(cluster.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=1");
        Assert.Null(await watch.NextAsync()); // the stream times out having said nothing
    }
}
