using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tests.Patching;

/// <summary>
/// Server-side apply on a custom resource, where list and map semantics come from the CRD schema
/// (<c>x-kubernetes-list-type</c>, <c>x-kubernetes-list-map-keys</c>, <c>x-kubernetes-map-type</c>).
/// </summary>
public class CustomResourceApplyTests(KubectlCluster cluster) : IClassFixture<KubectlCluster>
{
    const string Crd = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},"schema":{"openAPIV3Schema":{
            "type":"object","properties":{
              "spec":{"type":"object","properties":{
                "items":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                  "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"value":{"type":"string"}}}},
                "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
                "settings":{"type":"object","x-kubernetes-map-type":"atomic","properties":{"a":{"type":"string"},"b":{"type":"string"}}}}},
              "status":{"type":"object","properties":{"phase":{"type":"string"}}}}}}}]}}
        """;

    const string Widgets = "/apis/example.com/v1/namespaces/default/widgets";

    async Task<(HttpStatusCode Code, JsonObject Body)> Send(HttpMethod method, string path, string contentType, string body)
    {
        using var http = cluster.Http();
        var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) });
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>Applies a YAML body whose top-level fields besides the type and metadata are <paramref name="fields"/>.</summary>
    Task<(HttpStatusCode Code, JsonObject Body)> Apply(string name, string manager, string fields, string subresource = "") =>
        Send(HttpMethod.Patch, $"{Widgets}/{name}{subresource}?fieldManager={manager}", "application/apply-patch+yaml",
            $"apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: {name}\n{fields}\n");

    async Task EnsureCrd()
    {
        var (code, _) = await Send(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "application/json", Crd);
        Assert.True(code is HttpStatusCode.Created or HttpStatusCode.Conflict, $"creating the CRD: {code}");
        using var http = cluster.Http();
        for (var i = 0; i < 50 && (await http.GetAsync(Widgets)).StatusCode != HttpStatusCode.OK; i++) await Task.Delay(100);
    }

    static IEnumerable<string?> Names(JsonNode? items) => items!.AsArray().Select(i => (string?)i!["name"]);

    [Fact]
    public async Task Map_and_set_lists_are_owned_item_by_item_and_atomic_maps_whole()
    {
        await EnsureCrd();
        Assert.Equal(HttpStatusCode.Created, (await Apply("w", "m1", """spec: {"items":[{"name":"x","value":"1"}],"tags":["a"],"settings":{"a":"1"}}""")).Code);
        var (code, both) = await Apply("w", "m2", """spec: {"items":[{"name":"y","value":"2"}],"tags":["b"]}""");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(["x", "y"], Names(both["spec"]!["items"]));
        Assert.Equal(["a", "b"], both["spec"]!["tags"]!.AsArray().Select(t => (string?)t));
        var m2 = both["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "m2")!;
        var expected = JsonNode.Parse("""{"f:spec":{"f:items":{"k:{\"name\":\"y\"}":{".":{},"f:name":{},"f:value":{}}},"f:tags":{"v:\"b\"":{}}}}""");
        Assert.True(JsonNode.DeepEquals(expected, m2["fieldsV1"]), m2["fieldsV1"]!.ToJsonString());

        var (conflictCode, conflict) = await Apply("w", "m2", """spec: {"settings":{"b":"2"}}""");
        Assert.Equal(HttpStatusCode.Conflict, conflictCode);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"m1\": .spec.settings", (string?)conflict["message"]);

        var (_, pruned) = await Apply("w", "m1", """spec: {"tags":["a"],"settings":{"a":"1"}}""");
        Assert.Equal(["y"], Names(pruned["spec"]!["items"]));
    }

    [Fact]
    public async Task Status_is_applied_through_the_status_subresource_only()
    {
        await EnsureCrd();
        await Apply("s", "owner", """spec: {"tags":["a"]}""");
        var (_, ignored) = await Apply("s", "owner", "spec: {tags: [a]}\nstatus: {phase: Ignored}");
        Assert.Null(ignored["status"]);

        var (code, status) = await Apply("s", "status-writer", "status: {phase: Ready}", "/status");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Ready", (string?)status["status"]!["phase"]);
        var entry = status["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "status-writer")!;
        Assert.Equal("status", (string?)entry["subresource"]);
        Assert.Equal("""{"f:status":{"f:phase":{}}}""", entry["fieldsV1"]!.ToJsonString());
        Assert.Equal(["a"], status["spec"]!["tags"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task Strategic_merge_patch_is_refused_for_custom_resources()
    {
        await EnsureCrd();
        var (code, status) = await Send(HttpMethod.Patch, $"{Widgets}/any", "application/strategic-merge-patch+json", "{}");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            (string?)status["message"]);
    }
}
