using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Server;
using k8s;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>
/// One local API server on an ephemeral port, with the two ways tests talk to it: the official KubernetesClient built from
/// the kubeconfig the server wrote (exactly what a user's program does), and a raw HttpClient trusting the server's CA for
/// requests the client library cannot express (malformed bodies, odd verbs, exact wire checks).
/// </summary>
public class TestCluster : IAsyncLifetime
{
    readonly TemporaryDirectory dataDir = new();
    LocalApiServer? server;
    Kubernetes? client;
    HttpClient? http;

    /// <summary>In-memory unless a test needs the durable store.</summary>
    public bool InMemory { get; init; } = true;

    public LocalApiServer Server => server ?? throw new InvalidOperationException("not started");
    public Kubernetes Client => client ?? throw new InvalidOperationException("not started");
    /// <summary>Authenticated (bearer token) HttpClient with BaseAddress set to the server.</summary>
    public HttpClient Http => http ?? throw new InvalidOperationException("not started");
    public string DataDir => dataDir.Path;

    public virtual async Task InitializeAsync()
    {
        var options = new LocalClusterOptions { DataDir = dataDir.Path, Port = 0, InMemory = InMemory };
        Configure(options);
        server = await LocalApiServer.StartAsync(options);
        client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath));
        http = CreateHttpClient(server, authenticated: true);
    }

    /// <summary>Lets a fixture for special cases tune the server (short bookmark intervals, compaction windows).</summary>
    protected virtual void Configure(LocalClusterOptions options)
    {
    }

    public virtual async Task DisposeAsync()
    {
        client?.Dispose();
        http?.Dispose();
        if (server is not null) await server.DisposeAsync();
        dataDir.Dispose();
    }

    /// <summary>An HttpClient that trusts only the cluster's CA, as a kubeconfig-driven client does.</summary>
    public static HttpClient CreateHttpClient(LocalApiServer server, bool authenticated)
    {
        var ca = X509Certificate2.CreateFromPem(server.CertificateAuthorityPem);
        var handler = new SocketsHttpHandler
        {
            // The server sends header values (warnings quoting client input) as UTF-8, like Go's server.
            ResponseHeaderEncodingSelector = (_, _) => Encoding.UTF8,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (authenticated) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        return client;
    }

    /// <summary>Sends a raw request and returns the status code and the body parsed as JSON (null when not JSON).</summary>
    public async Task<(int Code, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, TryParse(text));
    }

    static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    /// <summary>Creates a fresh namespace so tests sharing this server do not see each other's objects.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        var ns = await Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace
        {
            Metadata = new k8s.Models.V1ObjectMeta { GenerateName = prefix + "-" },
        });
        return ns.Metadata.Name;
    }
}
