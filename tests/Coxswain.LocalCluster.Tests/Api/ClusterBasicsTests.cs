using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>What a fresh cluster offers before anyone writes to it: default objects, health, version, authentication.</summary>
public sealed class ClusterBasicsTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task A_new_cluster_has_the_system_namespaces_and_the_kubernetes_service()
    {
        var namespaces = await cluster.Client.CoreV1.ListNamespaceAsync();
        Assert.Superset(new HashSet<string> { "default", "kube-system", "kube-public", "kube-node-lease" },
            namespaces.Items.Select(n => n.Metadata.Name).ToHashSet());
        Assert.All(namespaces.Items, n => Assert.Equal("Active", n.Status?.Phase ?? "Active"));

        var service = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("kubernetes", "default");
        Assert.Equal("ClusterIP", service.Spec.Type);
        Assert.Equal(443, service.Spec.Ports.Single().Port);
        var endpoints = await cluster.Client.CoreV1.ReadNamespacedEndpointsAsync("kubernetes", "default");
        Assert.Equal(cluster.Server.BaseAddress.Port, endpoints.Subsets.Single().Ports.Single().Port);
    }

    [Fact]
    public async Task Every_namespace_gets_a_default_service_account()
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
            await Eventually.True(async () => (await cluster.Client.CoreV1.ListNamespacedServiceAccountAsync(ns)).Items.Any(sa => sa.Metadata.Name == "default"),
                what: $"serviceaccount default in {ns}");

        var fresh = await cluster.CreateNamespaceAsync("sa");
        await Eventually.True(async () => (await cluster.Client.CoreV1.ListNamespacedServiceAccountAsync(fresh)).Items.Count == 1,
            what: "serviceaccount default in a new namespace");
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task Health_endpoints_answer_ok_without_authentication(string path)
    {
        using var anonymous = TestCluster.CreateHttpClient(cluster.Server, authenticated: false);
        using var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());

        using var verbose = await anonymous.GetAsync(path + "?verbose");
        Assert.EndsWith("check passed\n", await verbose.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Version_is_a_semantic_version_kubectl_accepts()
    {
        var version = await cluster.Client.Version.GetCodeAsync();
        Assert.Matches(@"^v1\.\d+\.\d+", version.GitVersion);
        Assert.Equal("1", version.Major);
        Assert.False(string.IsNullOrEmpty(version.Platform));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-token")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task Requests_without_the_token_get_a_401_Status(string? authorization)
    {
        using var anonymous = TestCluster.CreateHttpClient(cluster.Server, authenticated: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces");
        if (authorization is not null) request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        ApiAssert.IsStatus(JsonNode.Parse(await response.Content.ReadAsStringAsync()), 401, "Unauthorized", "Unauthorized");
    }

    [Fact]
    public async Task Discovery_lists_the_core_group_and_named_groups()
    {
        var core = await cluster.Client.CoreV1.GetAPIResourcesAsync();
        var pods = core.Resources.Single(r => r.Name == "pods");
        Assert.True(pods.Namespaced);
        Assert.Equal("Pod", pods.Kind);
        Assert.Contains("po", pods.ShortNames);
        Assert.Contains("all", pods.Categories);
        Assert.Contains(core.Resources, r => r.Name == "pods/status");
        Assert.Contains(core.Resources, r => r.Name == "pods/log");
        // kube-apiserver's connect subresource: its own options kind, and both upgrade methods.
        var portForward = core.Resources.Single(r => r.Name == "pods/portforward");
        Assert.Equal("PodPortForwardOptions", portForward.Kind);
        Assert.Equal(["create", "get"], portForward.Verbs);
        Assert.False(core.Resources.Single(r => r.Name == "namespaces").Namespaced);

        var (code, groups) = await cluster.SendAsync(HttpMethod.Get, "/apis");
        Assert.Equal(200, code);
        var names = groups!["groups"]!.AsArray().Select(g => (string?)g!["name"]).ToList();
        Assert.Contains("apps", names);
        Assert.Contains("coordination.k8s.io", names);
    }

    [Fact]
    public async Task Aggregated_discovery_is_served_when_asked_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api");
        request.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await cluster.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contentType = response.Content.Headers.ContentType!;
        Assert.Contains(contentType.Parameters, p => p.Name == "as" && p.Value == "APIGroupDiscoveryList");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("APIGroupDiscoveryList", (string?)body["kind"]);
        var resources = body["items"]![0]!["versions"]![0]!["resources"]!.AsArray();
        Assert.Contains(resources, r => (string?)r!["resource"] == "configmaps");
    }
}
