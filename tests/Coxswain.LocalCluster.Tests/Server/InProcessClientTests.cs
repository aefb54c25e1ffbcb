using Coxswain.LocalCluster.Tests.Api;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Server;

/// <summary>
/// The client coxswain up gives its in-process kube-controller-manager: served in memory by the same request pipeline,
/// so it must behave like the HTTPS client in every way a controller can tell — writes, errors as Status, streamed watches,
/// and the bearer token still checked.
/// </summary>
public sealed class InProcessClientTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task Writes_errors_and_watches_go_through_the_same_pipeline_in_memory()
    {
        using var client = cluster.Server.CreateInProcessClient();
        var ns = "in-process";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "first" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns);
        // What the in-memory client wrote, the HTTPS client reads.
        var read = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("first", ns);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "first" } }, ns));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("already exists", conflict.Response.Content);
        Assert.Contains("\"reason\":\"AlreadyExists\"", conflict.Response.Content);

        // A watch streams events as they happen, not when the response ends.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: created.Metadata.ResourceVersion,
                               cancellationToken: stop.Token))
            {
                seen.Add($"{type} {item.Metadata.Name}");
                if (item.Metadata.Name == "second") return;
            }
        }, stop.Token);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "second" } }, ns);
        await watching;
        Assert.Equal(["Added second"], seen);
    }

    [Fact]
    public async Task The_bearer_token_is_still_checked()
    {
        using var client = cluster.Server.CreateInProcessClient();
        Assert.NotEmpty((await client.CoreV1.ListNamespaceAsync()).Items);

        // The client adds its token per request (Credentials); its HttpClient alone sends none, and is refused.
        var response = await client.HttpClient.GetAsync(new Uri(client.BaseUri, "/api/v1/namespaces"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
