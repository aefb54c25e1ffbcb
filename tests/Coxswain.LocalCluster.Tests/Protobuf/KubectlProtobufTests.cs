using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Protobuf;
using static Coxswain.LocalCluster.Tests.Protobuf.ProtobufTestSupport;

namespace Coxswain.LocalCluster.Tests.Protobuf;

/// <summary>
/// The real kubectl's generator commands send protobuf bodies; the server must take them and store what the same
/// command would have sent as JSON.
/// </summary>
public class KubectlProtobufTests(ProtobufServerFixture cluster) : IClassFixture<ProtobufServerFixture>
{
    readonly string home = cluster.NewHome();

    [Fact]
    public async Task Create_namespace_sends_protobuf_and_is_stored()
    {
        var (exit, stdout, stderr) = await cluster.KubectlAsync(home, "create", "ns", "pb-ns", "-v=8");
        Assert.True(exit == 0, stderr);
        Assert.Equal("namespace/pb-ns created", stdout.Trim());
        Assert.Contains("Content-Type: application/vnd.kubernetes.protobuf", stderr);

        var ns = await GetJsonAsync("ns", "pb-ns");
        Assert.Equal("Namespace", (string?)ns["kind"]);
        Assert.Equal("pb-ns", (string?)ns["metadata"]?["name"]);
    }

    [Fact]
    public async Task Create_configmap_secret_and_serviceaccount()
    {
        await CreateNamespaceAsync("pb-config");
        await KubectlOkAsync("create", "configmap", "c", "--from-literal=a=b", "--from-literal=empty=", "-n", "pb-config");
        await KubectlOkAsync("create", "secret", "generic", "s", "--from-literal=k=v", "-n", "pb-config");
        await KubectlOkAsync("create", "serviceaccount", "sa", "-n", "pb-config");

        var cm = await GetJsonAsync("configmap", "c", "pb-config");
        AssertJson("""{"a":"b","empty":""}""", cm["data"]);
        var secret = await GetJsonAsync("secret", "s", "pb-config");
        AssertJson("""{"k":"dg=="}""", secret["data"]);
        Assert.Equal("Opaque", (string?)secret["type"]);
        var sa = await GetJsonAsync("serviceaccount", "sa", "pb-config");
        Assert.Equal("pb-config", (string?)sa["metadata"]?["namespace"]);
    }

    [Fact]
    public async Task Create_clusterip_service()
    {
        await CreateNamespaceAsync("pb-svc");
        await KubectlOkAsync("create", "service", "clusterip", "s", "--tcp=80:8080", "-n", "pb-svc");

        var spec = (await GetJsonAsync("service", "s", "pb-svc"))["spec"]!;
        AssertJson("""[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}]""", spec["ports"]);
        AssertJson("""{"app":"s"}""", spec["selector"]);
        Assert.Equal("ClusterIP", (string?)spec["type"]);
        Assert.False(string.IsNullOrEmpty((string?)spec["clusterIP"]));
    }

    [Fact]
    public async Task Protobuf_pods_and_delete_options_from_a_typed_client()
    {
        await CreateNamespaceAsync("pb-typed");
        var pod = ParseJson("""
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","labels":{"app":"p"}},
             "spec":{"containers":[{"name":"c","image":"busybox","resources":{"limits":{"cpu":"100m"}}}],"terminationGracePeriodSeconds":0}}
            """);
        using var created = await cluster.Http.SendAsync(Protobuf(HttpMethod.Post, "/api/v1/namespaces/pb-typed/pods", KubernetesProtobuf.Encode(pod)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("100m", (string?)stored["spec"]?["containers"]?[0]?["resources"]?["limits"]?["cpu"]);
        Assert.Equal(0, (long?)stored["spec"]?["terminationGracePeriodSeconds"]);

        // What client-go sends for Delete(ctx, name, metav1.DeleteOptions{...}): the options, tagged with the pod's group version.
        var options = KubernetesProtobuf.Encode(ParseJson("""{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0}"""));
        using var deleted = await cluster.Http.SendAsync(Protobuf(HttpMethod.Delete, "/api/v1/namespaces/pb-typed/pods/p", options));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var (exit, _, stderr) = await cluster.KubectlAsync(home, "get", "pod", "p", "-n", "pb-typed");
        Assert.NotEqual(0, exit);
        Assert.Contains("NotFound", stderr);
    }

    [Fact]
    public async Task Garbage_in_a_protobuf_body_is_a_bad_request()
    {
        using var response = await cluster.Http.SendAsync(Protobuf(HttpMethod.Post, "/api/v1/namespaces", "{\"kind\":\"Namespace\"}"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("provided data does not appear to be a protobuf message", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Custom_resources_refuse_protobuf_as_kube_does()
    {
        const string crd = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.pb.example.com"},
             "spec":{"group":"pb.example.com","scope":"Namespaced","names":{"plural":"gadgets","singular":"gadget","kind":"Gadget"},
              "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """;
        using (var created = await cluster.Http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                   new StringContent(crd, Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await CreateNamespaceAsync("pb-cr");

        var body = new ProtobufEnvelope("pb.example.com/v1", "Gadget", []).ToArray();
        HttpResponseMessage response;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            response = await cluster.Http.SendAsync(Protobuf(HttpMethod.Post, "/apis/pb.example.com/v1/namespaces/pb-cr/gadgets", body));
            if (response.StatusCode != HttpStatusCode.NotFound) break;
            response.Dispose();
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);
        using (response)
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml",
                (string?)status["message"]);
        }
    }

    static HttpRequestMessage Protobuf(HttpMethod method, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(KubernetesProtobuf.MediaType);
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf,application/json");
        return request;
    }

    async Task CreateNamespaceAsync(string name) => await KubectlOkAsync("create", "ns", name);

    async Task KubectlOkAsync(params string[] args)
    {
        var (exit, _, stderr) = await cluster.KubectlAsync(home, args);
        Assert.True(exit == 0, $"kubectl {string.Join(" ", args)}: {stderr}");
    }

    async Task<JsonObject> GetJsonAsync(string resource, string name, string? ns = null)
    {
        var (exit, stdout, stderr) = await cluster.KubectlAsync(home, 
            ns is null ? ["get", resource, name, "-o", "json"] : ["get", resource, name, "-n", ns, "-o", "json"]);
        Assert.True(exit == 0, stderr);
        return JsonNode.Parse(stdout)!.AsObject();
    }
}
