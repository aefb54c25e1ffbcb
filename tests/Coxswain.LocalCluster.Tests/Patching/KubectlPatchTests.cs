using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tests.Patching;

/// <summary>kubectl's client-side apply, patch, label and annotate against the local cluster.</summary>
public class KubectlPatchTests(KubectlCluster cluster) : IClassFixture<KubectlCluster>
{
    readonly string home = cluster.NewHome();

    Task<string> Ok(string? stdin, params string[] args) => cluster.Ok(home, stdin, args);

    static string Pod(string name, string imageB) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          labels: {app: web}
        spec:
          containers:
          - name: a
            image: nginx:1
            env: [{name: X, value: "1"}]
          - name: b
            image: {{imageB}}
        """;

    /// <summary>
    /// <c>kubectl create -f</c> rather than <c>kubectl create configmap</c>: the latter's typed client sends protobuf,
    /// which the local cluster does not decode.
    /// </summary>
    Task<string> CreateConfigMap(string name, string data) =>
        Ok($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{name}}"},"data":{{data}}}""", "create", "-f", "-");

    async Task<JsonObject> Get(string kind, string name) =>
        JsonNode.Parse(await Ok(null, "get", kind, name, "-o", "json", "--show-managed-fields"))!.AsObject();

    static JsonObject ManagedEntry(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == manager)!.AsObject();

    [Fact]
    public async Task Client_side_apply_twice_sends_a_strategic_merge_patch_with_set_element_order()
    {
        Assert.Contains("pod/csa created", await Ok(Pod("csa", "busybox:1"), "apply", "-f", "-"));
        Assert.Contains("pod/csa configured", await Ok(Pod("csa", "busybox:2"), "apply", "-f", "-"));

        var pod = await Get("pod", "csa");
        var containers = pod["spec"]!["containers"]!.AsArray();
        Assert.Equal(["a", "b"], containers.Select(c => (string?)c!["name"]));
        Assert.Equal(["nginx:1", "busybox:2"], containers.Select(c => (string?)c!["image"]));
        Assert.Equal("X", (string?)containers[0]!["env"]![0]!["name"]);
        Assert.Contains("busybox:2", (string?)pod["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        var entry = ManagedEntry(pod, "kubectl-client-side-apply");
        Assert.Equal("Update", (string?)entry["operation"]);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"b\"}"]!["f:image"]);
    }

    [Fact]
    public async Task Client_side_apply_merges_service_ports_by_port()
    {
        static string Service(string ports) => $$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc-csa"},"spec":{"selector":{"app":"web"},"ports":{{{ports}}}}}
            """;
        await Ok(Service("""[{"name":"http","port":80},{"name":"https","port":443}]"""), "apply", "-f", "-");
        await Ok(Service("""[{"name":"https","port":443},{"name":"alt","port":8080}]"""), "apply", "-f", "-");
        var ports = (await Get("service", "svc-csa"))["spec"]!["ports"]!.AsArray();
        Assert.Equal([443, 8080], ports.Select(p => (int)p!["port"]!));
    }

    [Fact]
    public async Task Patch_strategic_merges_containers_by_name()
    {
        await Ok(Pod("smp", "busybox:1"), "apply", "-f", "-");
        await Ok(null, "patch", "pod", "smp", "-p", """{"spec":{"containers":[{"name":"b","image":"busybox:3"}]}}""");
        var pod = await Get("pod", "smp");
        Assert.Equal(["nginx:1", "busybox:3"], pod["spec"]!["containers"]!.AsArray().Select(c => (string?)c!["image"]));
        Assert.Equal("Update", (string?)ManagedEntry(pod, "kubectl-patch")["operation"]);
    }

    [Fact]
    public async Task Patch_merge_and_json()
    {
        await CreateConfigMap("patched", """{"a":"1","b":"2"}""");
        await Ok(null, "patch", "configmap", "patched", "--type=merge", "-p", """{"data":{"a":null,"c":"3"}}""");
        await Ok(null, "patch", "configmap", "patched", "--type=json", "-p", """[{"op":"replace","path":"/data/b","value":"22"},{"op":"add","path":"/data/d","value":"4"}]""");
        var data = (await Get("configmap", "patched"))["data"]!.AsObject();
        Assert.Equal("""{"b":"22","c":"3","d":"4"}""", data.ToJsonString());

        var failed = await cluster.Kubectl(home, null, "patch", "configmap", "patched", "--type=json", "-p", """[{"op":"test","path":"/data/b","value":"nope"}]""");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("the server rejected our request due to an error in our request", failed.Stderr);
    }

    [Fact]
    public async Task Label_and_annotate_are_recorded_under_their_managers()
    {
        await CreateConfigMap("labelled", """{"a":"1"}""");
        await Ok(null, "label", "configmap", "labelled", "tier=front");
        await Ok(null, "annotate", "configmap", "labelled", "note=hello");
        var cm = await Get("configmap", "labelled");
        Assert.Equal("front", (string?)cm["metadata"]!["labels"]!["tier"]);
        Assert.Equal("""{"f:metadata":{"f:labels":{".":{},"f:tier":{}}}}""", ManagedEntry(cm, "kubectl-label")["fieldsV1"]!.ToJsonString());
        Assert.Equal("""{"f:metadata":{"f:annotations":{".":{},"f:note":{}}}}""", ManagedEntry(cm, "kubectl-annotate")["fieldsV1"]!.ToJsonString());
        Assert.Equal("""{"f:data":{".":{},"f:a":{}}}""", ManagedEntry(cm, "kubectl-create")["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task Managed_fields_show_only_when_asked()
    {
        await CreateConfigMap("shown", """{"a":"1"}""");
        var hidden = await Ok(null, "get", "configmap", "shown", "-o", "yaml");
        Assert.DoesNotContain("managedFields", hidden);
        var shown = await Ok(null, "get", "configmap", "shown", "-o", "yaml", "--show-managed-fields");
        Assert.Contains("managedFields:", shown);
        Assert.Contains("manager: kubectl-create", shown);
        Assert.Contains("operation: Update", shown);
        Assert.Contains("fieldsType: FieldsV1", shown);
        Assert.Contains("f:a: {}", shown);
    }
}
