using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>Representations other than the plain object (metadata-only), and the server's own metrics.</summary>
public sealed class RepresentationTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    Kubernetes Client => cluster.Client;

    async Task<(int Code, string? ContentType, JsonNode? Body)> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await cluster.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonNode.Parse(text));
    }

    [Fact]
    public async Task Metadata_only_reads_return_PartialObjectMetadata()
    {
        var ns = await cluster.CreateNamespaceAsync("meta");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "cm", Labels = new Dictionary<string, string> { ["a"] = "b" } },
            Data = new Dictionary<string, string> { ["secret-ish"] = "payload" },
        }, ns);

        var (code, _, one) = await GetAsync($"/api/v1/namespaces/{ns}/configmaps/cm",
            "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json");
        Assert.Equal(200, code);
        Assert.Equal("PartialObjectMetadata", (string?)one!["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)one["apiVersion"]);
        Assert.Equal("b", (string?)one["metadata"]!["labels"]!["a"]);
        Assert.Null(one["data"]);

        var (listCode, _, list) = await GetAsync($"/api/v1/namespaces/{ns}/configmaps",
            "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json");
        Assert.Equal(200, listCode);
        Assert.Equal("PartialObjectMetadataList", (string?)list!["kind"]);
        var item = list["items"]!.AsArray().Single()!;
        Assert.Equal("cm", (string?)item["metadata"]!["name"]);
        Assert.Null(item["data"]);
    }

    [Fact]
    public async Task Plain_json_is_served_when_the_client_prefers_protobuf_but_accepts_json()
    {
        // client-go's typed clients ask for protobuf first; answering JSON (with its content type) is what they can fall back to.
        var (code, contentType, body) = await GetAsync("/api/v1/namespaces/default", "application/vnd.kubernetes.protobuf,application/json");
        Assert.Equal(200, code);
        Assert.Equal("application/json", contentType);
        Assert.Equal("Namespace", (string?)body!["kind"]);
    }

    [Fact]
    public async Task Request_metrics_use_kube_apiservers_names()
    {
        await Client.CoreV1.ListNamespaceAsync();
        using var response = await cluster.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("apiserver_request_total{", text);
        Assert.Matches("""apiserver_request_total\{[^}]*verb="LIST"[^}]*resource="namespaces"[^}]*code="200"[^}]*\} \d+""", text);
        Assert.Contains("apiserver_request_duration_seconds_bucket{", text);
    }
}
