using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Coxswain.LocalCluster.Server;

namespace Coxswain.LocalCluster.Tests.Watch;

/// <summary>Watch streams served over real HTTPS by an in-process server.</summary>
public sealed class WatchStreamTests : IAsyncLifetime
{
    readonly string dataDir = Path.Combine(Path.GetTempPath(), $"coxswain-watch-test-{Guid.NewGuid():N}");
    LocalApiServer server = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        server = await LocalApiServer.StartAsync(new LocalClusterOptions { DataDir = dataDir, Port = 0, InMemory = true });
        var authority = X509Certificate2.CreateFromPem(server.CertificateAuthorityPem);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                return chain.Build(certificate!);
            },
        };
        client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", server.Token);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task Watch_from_a_revision_streams_only_its_own_resource_and_ends_at_timeoutSeconds()
    {
        var from = server.Store.CurrentRevision;
        await Create("/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"}}""");
        for (var i = 0; i < 3; i++)
            await Create("/api/v1/namespaces/default/pods",
                $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-{{{i}}}"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        await Create("/api/v1/namespaces/kube-system/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"elsewhere"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");

        var body = await client.GetStringAsync($"/api/v1/namespaces/default/pods?watch=true&resourceVersion={from}&timeoutSeconds=1");

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line =>
        {
            Assert.StartsWith("""{"type":"ADDED","object":{""", line);
            Assert.Contains("\"kind\":\"Pod\"", line);
            Assert.Contains("\"namespace\":\"default\"", line);
        });
    }

    async Task Create(string path, string json)
    {
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
