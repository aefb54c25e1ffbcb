using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>
/// core/v1 and events.k8s.io/v1 Events are one stored resource served in two versions, as on kube-apiserver: what is
/// written through one group is read, watched, selected, patched and deleted through the other, with fields renamed.
/// </summary>
public sealed class EventVersionsServingTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    static string Core(string ns) => $"/api/v1/namespaces/{ns}/events";
    static string Events(string ns) => $"/apis/events.k8s.io/v1/namespaces/{ns}/events";

    static string EventsV1Body(string name, string ns, string pod) => $$"""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"{{name}}"},
         "eventTime":"2026-01-01T00:00:00.123456Z","reportingController":"example.com/ctl","reportingInstance":"ctl-1",
         "action":"Sync","reason":"Synced","type":"Warning","note":"synced {{pod}}",
         "regarding":{"apiVersion":"v1","kind":"Pod","namespace":"{{ns}}","name":"{{pod}}","uid":"uid-{{pod}}"} }
        """;

    static string CoreBody(string name, string ns, string pod) => $$"""
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"{{name}}"},
         "involvedObject":{"apiVersion":"v1","kind":"Pod","namespace":"{{ns}}","name":"{{pod}}"},
         "reason":"Pulled","type":"Normal","message":"pulled for {{pod}}","source":{"component":"kubelet","host":"node-1"},
         "count":3,"firstTimestamp":"2026-01-01T00:00:00Z","lastTimestamp":"2026-01-01T00:05:00Z"}
        """;

    async Task<JsonNode> OkAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var (code, response) = await cluster.SendAsync(method, path, body, contentType);
        Assert.True(code is 200 or 201, $"{method} {path}: {code} {response}");
        return response!;
    }

    [Fact]
    public async Task An_events_k8s_io_event_is_a_core_event_with_mapped_fields()
    {
        var ns = await cluster.CreateNamespaceAsync("evv");
        var created = await OkAsync(HttpMethod.Post, Events(ns), EventsV1Body("e1", ns, "web"));

        var core = await OkAsync(HttpMethod.Get, $"{Core(ns)}/e1");
        Assert.Equal(("v1", "Event"), ((string?)core["apiVersion"], (string?)core["kind"]));
        Assert.Equal(("Pod", "web", "uid-web"),
            ((string?)core["involvedObject"]!["kind"], (string?)core["involvedObject"]!["name"], (string?)core["involvedObject"]!["uid"]));
        Assert.Equal(("synced web", "example.com/ctl", "ctl-1", "Sync"),
            ((string?)core["message"], (string?)core["reportingComponent"], (string?)core["reportingInstance"], (string?)core["action"]));
        // metav1.MicroTime keeps its six fractional digits (client-go's decoder, hence kubectl describe, needs them).
        Assert.Equal(("2026-01-01T00:00:00.123456Z", "2026-01-01T00:00:00.123456Z"), ((string?)created["eventTime"], (string?)core["eventTime"]));
        Assert.Null(core["regarding"]);
        Assert.Null(core["note"]);
        // One object: same uid and resourceVersion whichever version reads it.
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)core["metadata"]!["uid"]);
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)core["metadata"]!["resourceVersion"]);

        // kubectl describe pod's selector finds it through core/v1.
        var list = await OkAsync(HttpMethod.Get,
            $"{Core(ns)}?fieldSelector=involvedObject.name=web,involvedObject.namespace={ns},involvedObject.kind=Pod,involvedObject.uid=uid-web");
        var item = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal(("v1", "e1"), ((string?)item["apiVersion"], (string?)item["metadata"]!["name"]));
        Assert.Single((await OkAsync(HttpMethod.Get, $"{Core(ns)}?fieldSelector=reportingComponent=example.com/ctl,source=example.com/ctl,type=Warning"))["items"]!.AsArray());
        Assert.Empty((await OkAsync(HttpMethod.Get, $"{Core(ns)}?fieldSelector=involvedObject.name=other"))["items"]!.AsArray());

        // Deleting through core/v1 removes it from events.k8s.io.
        await OkAsync(HttpMethod.Delete, $"{Core(ns)}/e1");
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, $"{Events(ns)}/e1")).Code);
    }

    [Fact]
    public async Task A_core_event_is_served_by_events_k8s_io_selected_by_its_field_names_and_patched_there()
    {
        var ns = await cluster.CreateNamespaceAsync("evv");
        await OkAsync(HttpMethod.Post, Core(ns), CoreBody("c1", ns, "api"));
        await OkAsync(HttpMethod.Post, Core(ns), CoreBody("c2", ns, "db"));

        var list = await OkAsync(HttpMethod.Get, $"{Events(ns)}?fieldSelector=regarding.name=api,reportingController=");
        var e = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal(("events.k8s.io/v1", "EventList"), ((string?)e["apiVersion"], (string?)list["kind"]));
        Assert.Equal(("api", "pulled for api", "kubelet", 3),
            ((string?)e["regarding"]!["name"], (string?)e["note"], (string?)e["deprecatedSource"]!["component"], (int?)e["deprecatedCount"]));
        Assert.Equal(("2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z"),
            ((string?)e["deprecatedFirstTimestamp"], (string?)e["deprecatedLastTimestamp"]));
        Assert.Null(e["involvedObject"]);

        // events.k8s.io converts only its own field labels, as kube-apiserver's conversion function does.
        var (code, status) = await cluster.SendAsync(HttpMethod.Get, $"{Events(ns)}?fieldSelector=involvedObject.name=api");
        Assert.Equal((400, "field label not supported: involvedObject.name"), (code, (string?)status!["message"]));

        // A merge patch in events.k8s.io's terms lands in the stored core event; its deprecated fields stay immutable there.
        const string series = """{"series":{"count":5,"lastObservedTime":"2026-01-01T00:09:00.000000Z"}}""";
        var patched = await OkAsync(HttpMethod.Patch, $"{Events(ns)}/c2", series, "application/merge-patch+json");
        Assert.Equal(5, (int?)patched["series"]!["count"]);
        Assert.Equal(5, (int?)(await OkAsync(HttpMethod.Get, $"{Core(ns)}/c2"))["series"]!["count"]);
        var (immutable, _) = await cluster.SendAsync(HttpMethod.Patch, $"{Events(ns)}/c2", """{"deprecatedCount":4}""", "application/merge-patch+json");
        Assert.Equal(422, immutable);

        // A PUT of what events.k8s.io served round-trips.
        var current = await OkAsync(HttpMethod.Get, $"{Events(ns)}/c1");
        current["metadata"]!["labels"] = new JsonObject { ["seen"] = "yes" };
        var replaced = await OkAsync(HttpMethod.Put, $"{Events(ns)}/c1", current.ToJsonString());
        Assert.Equal(("yes", "pulled for api"), ((string?)replaced["metadata"]!["labels"]!["seen"], (string?)replaced["note"]));
        Assert.Equal("yes", (string?)(await OkAsync(HttpMethod.Get, $"{Core(ns)}/c1"))["metadata"]!["labels"]!["seen"]);
    }

    [Fact]
    public async Task Watches_of_either_group_see_events_written_through_the_other_in_their_own_version()
    {
        var ns = await cluster.CreateNamespaceAsync("evv");
        var rv = (string?)(await OkAsync(HttpMethod.Get, Core(ns)))["metadata"]!["resourceVersion"];
        await using var coreWatch = await RawWatch.OpenAsync(cluster.Http,
            $"{Core(ns)}?watch=true&resourceVersion={rv}&fieldSelector=involvedObject.name=web");
        await using var eventsWatch = await RawWatch.OpenAsync(cluster.Http,
            $"{Events(ns)}?watch=true&resourceVersion={rv}&fieldSelector=regarding.name=web");

        await OkAsync(HttpMethod.Post, Events(ns), EventsV1Body("from-events", ns, "web"));
        await OkAsync(HttpMethod.Post, Core(ns), CoreBody("from-core", ns, "web"));
        await OkAsync(HttpMethod.Post, Core(ns), CoreBody("other", ns, "unrelated"));

        var seenByCore = await coreWatch.TakeAsync(2);
        Assert.Equal(["from-events", "from-core"], seenByCore.Select(w => (string?)w["object"]!["metadata"]!["name"]));
        Assert.All(seenByCore, w => Assert.Equal(("ADDED", "v1", "web"),
            ((string?)w["type"], (string?)w["object"]!["apiVersion"], (string?)w["object"]!["involvedObject"]!["name"])));

        var seenByEvents = await eventsWatch.TakeAsync(2);
        Assert.Equal(["from-events", "from-core"], seenByEvents.Select(w => (string?)w["object"]!["metadata"]!["name"]));
        Assert.All(seenByEvents, w => Assert.Equal(("ADDED", "events.k8s.io/v1", "web"),
            ((string?)w["type"], (string?)w["object"]!["apiVersion"], (string?)w["object"]!["regarding"]!["name"])));
        Assert.Equal("pulled for web", (string?)seenByEvents[1]["object"]!["note"]);
    }
}
