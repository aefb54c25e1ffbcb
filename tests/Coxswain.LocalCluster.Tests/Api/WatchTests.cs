using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>Watch streams as client-go and KubernetesClient consume them: order, completeness, starting points, initial events.</summary>
public sealed class WatchTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    Kubernetes Client => cluster.Client;

    static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "watched" } },
        Data = new Dictionary<string, string> { ["v"] = value },
    };

    static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
    };

    static JsonObject PodJson(string name) => JsonNode.Parse(KubernetesJson.Serialize(Pod(name)))!.AsObject();

    async Task<string> CurrentResourceVersionAsync(string ns) =>
        (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;

    [Fact]
    public async Task The_client_library_sees_added_modified_and_deleted_in_order()
    {
        var ns = await cluster.CreateNamespaceAsync("watch");
        var rv = await CurrentResourceVersionAsync(ns);

        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm", "1"), ns);
        created.Data["v"] = "2";
        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "cm", ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("cm", ns);

        var seen = new List<(WatchEventType Type, V1ConfigMap Object)>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var e in Client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: rv, cancellationToken: cancel.Token))
        {
            seen.Add(e);
            if (seen.Count == 3) break;
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], seen.Select(e => e.Type));
        Assert.Equal(created.Metadata.ResourceVersion, seen[0].Object.Metadata.ResourceVersion);
        Assert.Equal(updated.Metadata.ResourceVersion, seen[1].Object.Metadata.ResourceVersion);
        // DELETED carries the last state with a resourceVersion of its own, newer than the last update.
        Assert.Equal("2", seen[2].Object.Data["v"]);
        Assert.True(long.Parse(seen[2].Object.Metadata.ResourceVersion) > long.Parse(updated.Metadata.ResourceVersion));
        Assert.All(seen, e => Assert.Equal("ConfigMap", e.Object.Kind));
    }

    [Fact]
    public async Task Thousands_of_events_arrive_complete_and_in_commit_order()
    {
        const int writers = 6, cyclesPerWriter = 167; // each cycle: create, update, delete → 3006 events
        var ns = await cluster.CreateNamespaceAsync("flood");
        var rv = (await Client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        await using var watch = await RawWatch.OpenAsync(cluster.Http, $"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={rv}");
        Assert.Equal(200, watch.StatusCode);

        // The writes go straight to the server's storage (the watch is what is under test, and 3000 HTTP writes on a
        // loaded machine take long); the events still travel the whole watch path over HTTPS.
        var storage = cluster.Server.Storage;
        var pods = BuiltInResources.Pods;
        var acknowledged = new ConcurrentBag<(string Type, string Name, long Rv)>();
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < cyclesPerWriter; i++)
            {
                var name = $"p-{w}-{i}";
                var created = await storage.CreateAsync(pods, ns, PodJson(name), new WriteOptions());
                acknowledged.Add(("ADDED", name, created.Revision));
                var labelled = await storage.GuaranteedUpdateAsync(pods, ns, name, null, new WriteOptions(), pod =>
                {
                    pod["metadata"]!["labels"] = new JsonObject { ["seen"] = "yes" };
                    return pod;
                });
                acknowledged.Add(("MODIFIED", name, labelled.Revision));
                var (deleted, _) = await storage.DeleteAsync(pods, ns, name, new DeleteOptions());
                acknowledged.Add(("DELETED", name, deleted.Revision));
            }
        })));

        var events = await watch.TakeAsync(writers * cyclesPerWriter * 3);
        await writing;

        var expected = acknowledged.OrderBy(a => a.Rv).ToList();
        var actual = events.Select(e => (e.Type(), e.Name(), e.ResourceVersion())).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_watch_from_a_resourceVersion_starts_exactly_after_it()
    {
        var ns = await cluster.CreateNamespaceAsync("watch");
        var a = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", "1"), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", "1"), ns);

        await using var watch = await RawWatch.OpenAsync(cluster.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion={a.Metadata.ResourceVersion}");
        var events = await watch.TakeAsync(2);
        Assert.Equal(["b", "c"], events.Select(e => e.Name()));
        Assert.All(events, e => Assert.Equal("ADDED", e.Type()));
    }

    [Fact]
    public async Task A_watch_without_a_resourceVersion_first_replays_the_current_state()
    {
        var ns = await cluster.CreateNamespaceAsync("watch");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", "1"), ns);

        await using var watch = await RawWatch.OpenAsync(cluster.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true");
        var initial = await watch.TakeAsync(2);
        Assert.Equal([("ADDED", "a"), ("ADDED", "b")], initial.Select(e => (e.Type(), e.Name())));

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("a", ns);
        var next = await watch.NextAsync();
        Assert.Equal(("DELETED", "a"), (next!.Type(), next!.Name()));
    }

    [Fact]
    public async Task SendInitialEvents_streams_the_state_then_the_initial_events_end_bookmark_then_changes()
    {
        var ns = await cluster.CreateNamespaceAsync("watch");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), ns);
        var b = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", "1"), ns);

        await using var watch = await RawWatch.OpenAsync(cluster.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        var events = await watch.TakeAsync(3);
        Assert.Equal([("ADDED", "a"), ("ADDED", "b")], events.Take(2).Select(e => (e.Type(), e.Name())));

        var bookmark = events[2];
        Assert.Equal("BOOKMARK", bookmark.Type());
        Assert.Equal("ConfigMap", (string?)bookmark["object"]!["kind"]);
        Assert.Equal("true", (string?)bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
        Assert.True(bookmark.ResourceVersion() >= long.Parse(b.Metadata.ResourceVersion));

        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", "1"), ns);
        var next = await watch.NextAsync();
        Assert.Equal(("ADDED", "c"), (next!.Type(), next!.Name()));
        Assert.True(next!.ResourceVersion() > bookmark.ResourceVersion());
    }

    [Fact]
    public async Task The_client_library_can_use_streaming_lists()
    {
        var ns = await cluster.CreateNamespaceAsync("watch");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), ns);

        var seen = new List<(WatchEventType Type, V1ConfigMap Object)>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var e in Client.CoreV1.WatchListNamespacedConfigMapAsync(ns, allowWatchBookmarks: true, sendInitialEvents: true,
                           resourceVersionMatch: "NotOlderThan", cancellationToken: cancel.Token))
        {
            seen.Add(e);
            if (e.Item1 == WatchEventType.Bookmark) break;
        }
        Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark], seen.Select(e => e.Type));
        Assert.Equal("true", seen[1].Object.Metadata.Annotations["k8s.io/initial-events-end"]);
    }

    [Theory]
    [InlineData("sendInitialEvents=true")]
    [InlineData("sendInitialEvents=true&resourceVersionMatch=NotOlderThan")]
    [InlineData("sendInitialEvents=true&allowWatchBookmarks=true")]
    [InlineData("resourceVersionMatch=NotOlderThan&resourceVersion=1")]
    public async Task Inconsistent_streaming_list_options_are_Invalid(string query)
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true&" + query);
        Assert.Equal(422, code);
        var status = ApiAssert.IsStatus(body, 422, "Invalid");
        Assert.StartsWith("ListOptions.meta.k8s.io \"\" is invalid: ", (string?)status["message"]);
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream()
    {
        var clock = Stopwatch.StartNew();
        await using var watch = await RawWatch.OpenAsync(cluster.Http,
            $"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={await CurrentResourceVersionAsync("default")}&timeoutSeconds=1");
        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(10)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task A_filtered_watch_turns_objects_entering_and_leaving_the_selection_into_added_and_deleted()
    {
        var ns = await cluster.CreateNamespaceAsync("watch");
        var rv = await CurrentResourceVersionAsync(ns);
        await using var watch = await RawWatch.OpenAsync(cluster.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}&labelSelector=app%3Dwatched");

        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"app":"watched"}}}""", V1Patch.PatchType.MergePatch), "x", ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "x", ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"app":null}}}""", V1Patch.PatchType.MergePatch), "x", ns);

        var left = await Client.CoreV1.ReadNamespacedConfigMapAsync("x", ns);

        var events = await watch.TakeAsync(3);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e.Type()));
        // The synthetic DELETED shows what the watcher last saw (still matching), with the resourceVersion of the change
        // that took it out of the selection: kube's cacheWatcher does the same.
        Assert.Equal("watched", (string?)events[2]["object"]!["metadata"]!["labels"]!["app"]);
        Assert.Equal("v", (string?)events[2]["object"]!["data"]!["k"]);
        Assert.Equal(long.Parse(left.Metadata.ResourceVersion), events[2].ResourceVersion());
    }

    [Fact]
    public async Task A_watch_on_one_named_object_ignores_the_others()
    {
        var ns = await cluster.CreateNamespaceAsync("watch");
        var rv = await CurrentResourceVersionAsync(ns);
        await using var watch = await RawWatch.OpenAsync(cluster.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}&fieldSelector=metadata.name%3Dme");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other", "1"), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("me", "1"), ns);
        var e = await watch.NextAsync();
        Assert.Equal("me", e!.Name());
    }
}
