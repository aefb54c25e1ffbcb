using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tests.Patching;

/// <summary>Server-side apply over HTTP: with the real <c>kubectl apply --server-side</c>, and raw requests for exact statuses.</summary>
public class ServerSideApplyHttpTests(KubectlCluster cluster) : IClassFixture<KubectlCluster>
{
    readonly string home = cluster.NewHome();

    Task<string> Ok(string? stdin, params string[] args) => cluster.Ok(home, stdin, args);

    static string ConfigMap(string name, string data) =>
        $$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{name}}"},"data":{{data}}}""";

    async Task<JsonObject> Get(string kind, string name) =>
        JsonNode.Parse(await Ok(null, "get", kind, name, "-o", "json", "--show-managed-fields"))!.AsObject();

    static JsonObject? Entry(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]?.AsArray().SingleOrDefault(e => (string?)e!["manager"] == manager)?.AsObject();

    async Task<(HttpStatusCode Code, JsonObject Body)> Send(HttpMethod method, string path, string contentType, string body)
    {
        using var http = cluster.Http();
        var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) });
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    const string ApplyYaml = "application/apply-patch+yaml";

    [Fact]
    public async Task Kubectl_server_side_apply_creates_updates_and_prunes()
    {
        Assert.Contains("configmap/ssa serverside-applied", await Ok(ConfigMap("ssa", """{"a":"1","b":"2"}"""), "apply", "--server-side", "-f", "-"));
        var created = await Get("configmap", "ssa");
        var entry = Entry(created, "kubectl")!;
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.Equal("v1", (string?)entry["apiVersion"]);
        Assert.Equal("""{"f:data":{"f:a":{},"f:b":{}}}""", entry["fieldsV1"]!.ToJsonString());

        await Ok(ConfigMap("ssa", """{"a":"10"}"""), "apply", "--server-side", "-f", "-");
        var updated = await Get("configmap", "ssa");
        Assert.Equal("""{"a":"10"}""", updated["data"]!.ToJsonString()); // b was applied before and is no longer
        Assert.Equal("""{"f:data":{"f:a":{}}}""", Entry(updated, "kubectl")!["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task Kubectl_server_side_apply_conflicts_with_another_manager_until_forced()
    {
        await Ok(ConfigMap("contested", """{"a":"1","b":"2"}"""), "apply", "--server-side", "-f", "-");

        var conflict = await cluster.Kubectl(home, ConfigMap("contested", """{"a":"changed"}"""), "apply", "--server-side", "--field-manager=other", "-f", "-");
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\": .data.a", conflict.Stderr);
        Assert.Equal("1", (string?)(await Get("configmap", "contested"))["data"]!["a"]);

        await Ok(ConfigMap("contested", """{"a":"changed"}"""), "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-");
        var forced = await Get("configmap", "contested");
        Assert.Equal("""{"a":"changed","b":"2"}""", forced["data"]!.ToJsonString());
        Assert.Equal("""{"f:data":{"f:a":{}}}""", Entry(forced, "other")!["fieldsV1"]!.ToJsonString());
        Assert.Equal("""{"f:data":{"f:b":{}}}""", Entry(forced, "kubectl")!["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task Switching_from_client_side_to_server_side_apply_migrates_ownership()
    {
        // kubectl upgrades the client-side-apply managedFields entry with a JSON patch before applying server-side,
        // so the applier takes over those fields without conflicting with "kubectl-client-side-apply".
        await Ok(ConfigMap("migrated", """{"a":"1","b":"2"}"""), "apply", "-f", "-");
        await Ok(ConfigMap("migrated", """{"a":"10","b":"2"}"""), "apply", "--server-side", "-f", "-");
        var migrated = await Get("configmap", "migrated");
        Assert.Equal("""{"a":"10","b":"2"}""", migrated["data"]!.ToJsonString());
        Assert.NotNull(Entry(migrated, "kubectl")!["fieldsV1"]!["f:data"]!["f:a"]);
        // The annotation follows the applied configuration, so a later client-side apply diffs against it.
        Assert.Contains("\"a\":\"10\"", (string?)migrated["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
    }

    [Fact]
    public async Task Apply_answers_201_when_it_creates_and_200_after()
    {
        var path = "/api/v1/namespaces/default/configmaps/raw-apply?fieldManager=tester";
        var (createdCode, created) = await Send(HttpMethod.Patch, path, ApplyYaml, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: raw-apply\ndata:\n  k: v\n");
        Assert.Equal(HttpStatusCode.Created, createdCode);
        Assert.Equal("tester", (string?)created["metadata"]!["managedFields"]![0]!["manager"]);
        var (againCode, _) = await Send(HttpMethod.Patch, path, ApplyYaml, ConfigMap("raw-apply", """{"k":"v2"}"""));
        Assert.Equal(HttpStatusCode.OK, againCode);
    }

    [Fact]
    public async Task Conflicts_are_409_with_field_manager_conflict_causes()
    {
        var path = "/api/v1/namespaces/default/configmaps/raw-conflict";
        await Send(HttpMethod.Patch, path + "?fieldManager=first", ApplyYaml, ConfigMap("raw-conflict", """{"k":"v","l":"w"}"""));
        var (code, status) = await Send(HttpMethod.Patch, path + "?fieldManager=second", ApplyYaml, ConfigMap("raw-conflict", """{"k":"x","l":"y"}"""));
        Assert.Equal(HttpStatusCode.Conflict, code);
        var expected = JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Apply failed with 2 conflicts: conflicts with \"first\":\n- .data.k\n- .data.l","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"first\"","field":".data.k"},{"reason":"FieldManagerConflict","message":"conflict with \"first\"","field":".data.l"}]},"code":409}
            """);
        Assert.True(JsonNode.DeepEquals(expected, status), status.ToJsonString());
    }

    [Fact]
    public async Task Apply_requires_a_field_manager_and_only_apply_takes_force()
    {
        var (code, status) = await Send(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/nomanager", ApplyYaml, ConfigMap("nomanager", "{}"));
        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply requests", (string?)status["message"]);

        var (forceCode, forceStatus) = await Send(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/nomanager?force=false",
            "application/merge-patch+json", "{}");
        Assert.Equal((HttpStatusCode)422, forceCode);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch", (string?)forceStatus["message"]);
    }

    [Fact]
    public async Task Writes_without_a_field_manager_are_recorded_under_the_user_agent_prefix()
    {
        using var http = cluster.Http();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("my-controller/v1.2.3");
        var response = await http.PostAsync("/api/v1/namespaces/default/configmaps",
            new StringContent(ConfigMap("by-agent", """{"a":"1"}"""), Encoding.UTF8, "application/json"));
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("my-controller", (string?)created["metadata"]!["managedFields"]![0]!["manager"]);
        Assert.Equal("Update", (string?)created["metadata"]!["managedFields"]![0]!["operation"]);
    }

    [Fact]
    public async Task Managed_fields_are_cleared_by_an_empty_entry()
    {
        await Ok(ConfigMap("cleared", """{"a":"1"}"""), "apply", "--server-side", "-f", "-");
        await Ok(null, "patch", "configmap", "cleared", "--type=merge", "-p", """{"metadata":{"managedFields":[{}]}}""");
        Assert.Null((await Get("configmap", "cleared"))["metadata"]!["managedFields"]);
    }
}
