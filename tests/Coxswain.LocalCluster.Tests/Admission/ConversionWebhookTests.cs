using System.Text;
using k8s;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Tests.Api;

namespace Coxswain.LocalCluster.Tests.Admission;

/// <summary>
/// CRD conversion webhooks over real HTTPS: a CRD stored as v1 and served as v2 through a webhook that renames
/// <c>spec.size</c> (v1) to <c>spec.replicas</c> (v2), and the failures kube-apiserver reports in its own words.
/// </summary>
[Collection(AdmissionClusterCollection.Name)]
public sealed class ConversionWebhookTests(AdmissionCluster cluster)
{
    const string Group = "conv.example.com";

    /// <summary>v1 {size} ⇄ v2 {replicas}; everything else is copied.</summary>
    static JsonObject Convert(JsonObject review)
    {
        var desired = (string)review["request"]!["desiredAPIVersion"]!;
        var converted = new JsonArray();
        foreach (var item in review["request"]!["objects"]!.AsArray())
        {
            var obj = item!.DeepClone().AsObject();
            var spec = obj["spec"]!.AsObject();
            if (desired.EndsWith("/v2", StringComparison.Ordinal) && spec.Remove("size", out var size)) spec["replicas"] = size;
            if (desired.EndsWith("/v1", StringComparison.Ordinal) && spec.Remove("replicas", out var replicas)) spec["size"] = replicas;
            obj["apiVersion"] = desired;
            converted.Add(obj);
        }
        return ConversionAnswer(review, new JsonObject { ["status"] = "Success" }, converted);
    }

    static JsonObject ConversionAnswer(JsonObject review, JsonObject result, JsonArray? objects = null) => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "ConversionReview",
        ["response"] = new JsonObject { ["uid"] = (string?)review["request"]!["uid"], ["convertedObjects"] = objects ?? new JsonArray(), ["result"] = result },
    };

    async Task<(string Ns, HttpClient Http)> CrdAsync(string plural, string kind, string service, string path, bool endpoints = true)
    {
        var ns = await cluster.CreateNamespaceAsync("conv");
        await cluster.ExposeAsync(ns, service, endpoints: endpoints);
        var http = TestCluster.CreateHttpClient(cluster.Server, authenticated: true);
        JsonObject Version(string name, bool storage) => new()
        {
            ["name"] = name, ["served"] = true, ["storage"] = storage,
            ["schema"] = new JsonObject { ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } },
        };
        var crd = new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1", ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{plural}.{Group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = Group, ["scope"] = "Namespaced",
                ["names"] = new JsonObject { ["plural"] = plural, ["singular"] = kind.ToLowerInvariant(), ["kind"] = kind },
                ["versions"] = new JsonArray(Version("v1", storage: true), Version("v2", storage: false)),
                ["conversion"] = new JsonObject
                {
                    ["strategy"] = "Webhook",
                    ["webhook"] = new JsonObject
                    {
                        ["conversionReviewVersions"] = new JsonArray("v1"),
                        ["clientConfig"] = new JsonObject
                        {
                            ["service"] = new JsonObject { ["namespace"] = ns, ["name"] = service, ["path"] = path },
                            ["caBundle"] = System.Convert.ToBase64String(cluster.Webhooks.CaBundle),
                        },
                    },
                },
            },
        };
        var (code, body) = await SendAsync(http, HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.ToJsonString());
        Assert.True(code == 201, body);
        await Eventually.True(async () => (await SendAsync(http, HttpMethod.Get, $"/apis/{Group}/v2/namespaces/{ns}/{plural}")).Code != 404,
            what: $"{plural} served");
        return (ns, http);
    }

    static async Task<(int Code, string Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    static string Widget(string apiVersion, string kind, string name, string spec) =>
        new JsonObject
        {
            ["apiVersion"] = apiVersion, ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["a"] = "b" } },
            ["spec"] = JsonNode.Parse(spec),
        }.ToJsonString();

    [Fact]
    public async Task Objects_written_and_read_in_another_version_go_through_the_webhook()
    {
        cluster.Webhooks.Handle("/convert-widgets", Convert);
        var (ns, http) = await CrdAsync("widgets", "Widget", "widget-conversion", "/convert-widgets");
        using var _ = http;

        var (code, body) = await SendAsync(http, HttpMethod.Post, $"/apis/{Group}/v2/namespaces/{ns}/widgets", Widget($"{Group}/v2", "Widget", "w1", """{"replicas":3}"""));
        Assert.True(code == 201, body);
        var created = JsonNode.Parse(body)!;
        Assert.Equal(($"{Group}/v2", 3), ((string?)created["apiVersion"], (int?)created["spec"]?["replicas"]));
        var stored = cluster.Server.Storage.Store.Current.Bucket($"widgets.{Group}").Values.Single().ToJsonObject();
        Assert.Equal(($"{Group}/v1", 3, (string?)null), ((string?)stored["apiVersion"], (int?)stored["spec"]?["size"], (string?)stored["spec"]?["replicas"]?.ToString()));

        var reviews = cluster.Webhooks.Received("/convert-widgets");
        var toStorage = reviews.First(r => (string?)r["request"]?["desiredAPIVersion"] == $"{Group}/v1");
        Assert.Equal(("apiextensions.k8s.io/v1", "ConversionReview"), ((string?)toStorage["apiVersion"], (string?)toStorage["kind"]));
        Assert.Equal("?timeout=30s", (string?)toStorage["query"]);
        Assert.Equal($"widget-conversion.{ns}.svc:443", (string?)toStorage["host"]);

        (code, body) = await SendAsync(http, HttpMethod.Get, $"/apis/{Group}/v2/namespaces/{ns}/widgets/w1");
        Assert.Equal(200, code);
        Assert.Equal(3, (int?)JsonNode.Parse(body)!["spec"]?["replicas"]);
        (code, body) = await SendAsync(http, HttpMethod.Get, $"/apis/{Group}/v2/namespaces/{ns}/widgets");
        Assert.Equal(200, code);
        Assert.Equal(3, (int?)JsonNode.Parse(body)!["items"]?[0]?["spec"]?["replicas"]);
        // The storage version is served without a call.
        var calls = cluster.Webhooks.Received("/convert-widgets").Count;
        (code, body) = await SendAsync(http, HttpMethod.Get, $"/apis/{Group}/v1/namespaces/{ns}/widgets/w1");
        Assert.Equal((200, 3), (code, (int?)JsonNode.Parse(body)!["spec"]?["size"]));
        Assert.Equal(calls, cluster.Webhooks.Received("/convert-widgets").Count);
    }

    [Fact]
    public async Task Unreachable_and_failing_webhooks_are_reported_as_kube_apiserver_does()
    {
        var (ns, http) = await CrdAsync("gadgets", "Gadget", "gadget-conversion", "/convert-gadgets", endpoints: false);
        using var _ = http;
        var (code, body) = await SendAsync(http, HttpMethod.Post, $"/apis/{Group}/v1/namespaces/{ns}/gadgets", Widget($"{Group}/v1", "Gadget", "g1", """{"size":1}"""));
        Assert.True(code == 201, body);

        (code, body) = await SendAsync(http, HttpMethod.Get, $"/apis/{Group}/v2/namespaces/{ns}/gadgets/g1");
        Assert.Equal(500, code);
        var status = JsonNode.Parse(body)!;
        Assert.Null(status["reason"]);
        Assert.Equal($"conversion webhook for {Group}/v1, Kind=Gadget failed: Post \"https://gadget-conversion.{ns}.svc:443/convert-gadgets?timeout=30s\": " +
                     "no endpoints available for service \"gadget-conversion\"", (string?)status["message"]);

        (code, body) = await SendAsync(http, HttpMethod.Post, $"/apis/{Group}/v2/namespaces/{ns}/gadgets", Widget($"{Group}/v2", "Gadget", "g2", """{"replicas":1}"""));
        Assert.Equal(500, code);
        status = JsonNode.Parse(body)!;
        Assert.Equal("InternalError", (string?)status["reason"]);
        Assert.StartsWith($"Internal error occurred: conversion webhook for {Group}/v2, Kind=Gadget failed: Post \"https://gadget-conversion.{ns}.svc:443/",
            (string?)status["message"]);
        Assert.Null(cluster.Server.Storage.TryGet(cluster.Server.Storage.Catalog.Find(Group, "v1", "gadgets")!, ns, "g2"));

        // Reachable, but refusing: its message is the reason.
        await cluster.Client.CoreV1.DeleteNamespacedEndpointsAsync("gadget-conversion", ns);
        await cluster.Client.CoreV1.CreateNamespacedEndpointsAsync(new k8s.Models.V1Endpoints
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "gadget-conversion" },
            Subsets = [new k8s.Models.V1EndpointSubset { Addresses = [new k8s.Models.V1EndpointAddress { Ip = "127.0.0.1" }], Ports = [new k8s.Models.Corev1EndpointPort { Port = cluster.Webhooks.Port }] }],
        }, ns);
        cluster.Webhooks.Handle("/convert-gadgets", review => ConversionAnswer(review, new JsonObject { ["status"] = "Failure", ["message"] = "gadgets cannot be converted" }));
        (code, body) = await SendAsync(http, HttpMethod.Get, $"/apis/{Group}/v2/namespaces/{ns}/gadgets");
        Assert.Equal(500, code);
        Assert.Equal($"conversion webhook for {Group}/v1, Kind=Gadget returned invalid response: gadgets cannot be converted", (string?)JsonNode.Parse(body)!["message"]);

        cluster.Webhooks.Handle("/convert-gadgets", review =>
        {
            var answer = Convert(review);
            answer["response"]!["convertedObjects"]![0]!["metadata"]!["name"] = "renamed";
            return answer;
        });
        (code, body) = await SendAsync(http, HttpMethod.Get, $"/apis/{Group}/v2/namespaces/{ns}/gadgets/g1");
        Assert.Equal(500, code);
        Assert.Equal($"conversion webhook for {Group}/v1, Kind=Gadget returned invalid converted object at index 0: must have the same name: g1 != renamed",
            (string?)JsonNode.Parse(body)!["message"]);
    }
}
