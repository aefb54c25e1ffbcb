using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Admission;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Server;

namespace Coxswain.Bench.Admission;

/// <summary>
/// Issue 5's admission overhead: creates/s through one mutating and one validating webhook (served on loopback by
/// Kestrel) against creates/s with no webhooks, and p50/p99 of a webhook call against a POST to a no-op Kestrel TLS
/// endpoint, both under the same concurrency. Target: webhook p99 ≤ 1.5× the no-op endpoint's.
/// </summary>
static class AdmissionOverheadBenchmark
{
    const string Namespace = "bench";
    const string Service = "hook";

    public static async Task RunAsync(int creates, int createConcurrency, int calls, int callConcurrency)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "coxswain-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            // No nodes: the pods created stay Pending, so only admission adds to the cost of a create.
            await using var server = await LocalApiServer.StartAsync(new LocalClusterOptions { DataDir = dataDir, Port = 0, InMemory = true, Nodes = 0 });
            await using var webhooks = await LoopbackWebhookServer.StartAsync($"{Service}.{Namespace}.svc", "127.0.0.1");
            using var api = ApiClient(server);
            await PostAsync(api, "/api/v1/namespaces", $$"""{"metadata":{"name":"{{Namespace}}"} }""");

            var plain = await Latencies.MeasureAsync(creates, createConcurrency, i => CreateConfigMapAsync(api, $"plain-{i}"));
            await RegisterWebhooksAsync(api, webhooks);
            var admitted = await Latencies.MeasureAsync(creates, createConcurrency, i => CreateConfigMapAsync(api, $"admitted-{i}"));

            var (noop, call) = await CompareCallsAsync(server, webhooks, calls, callConcurrency);

            Console.WriteLine($"| measurement | count | concurrency | per second | p50 ms | p99 ms |");
            Console.WriteLine($"| --- | --- | --- | --- | --- | --- |");
            Row("create, no webhooks", plain, createConcurrency);
            Row("create, 1 mutating + 1 validating webhook", admitted, createConcurrency);
            Row("POST to no-op Kestrel TLS endpoint", noop, callConcurrency);
            Row("webhook call (AdmissionReview round trip)", call, callConcurrency);
            Console.WriteLine();
            Console.WriteLine($"webhook p99 / no-op p99 = {call.P99Ms / noop.P99Ms:F2} (target ≤ 1.5)");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    static void Row(string name, Latencies l, int concurrency) =>
        Console.WriteLine($"| {name} | {l.Count} | {concurrency} | {l.PerSecond:F0} | {l.P50Ms:F2} | {l.P99Ms:F2} |");

    static HttpClient ApiClient(LocalApiServer server)
    {
        var authority = X509Certificate2.CreateFromPem(server.CertificateAuthorityPem);
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is X509Certificate2 leaf && chain.Build(leaf);
            } },
        };
        var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        return client;
    }

    static async Task PostAsync(HttpClient api, string path, string json)
    {
        using var response = await api.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    static Task CreateConfigMapAsync(HttpClient api, string name) =>
        PostAsync(api, $"/api/v1/namespaces/{Namespace}/configmaps", $$"""{"metadata":{"name":"{{name}}"},"data":{"k":"v"} }""");

    static async Task RegisterWebhooksAsync(HttpClient api, LoopbackWebhookServer webhooks)
    {
        await PostAsync(api, $"/api/v1/namespaces/{Namespace}/services",
            $$"""{"metadata":{"name":"{{Service}}"},"spec":{"ports":[{"port":443,"targetPort":{{webhooks.Port}} }]} }""");
        await PostAsync(api, $"/api/v1/namespaces/{Namespace}/endpoints",
            $$"""{"metadata":{"name":"{{Service}}"},"subsets":[{"addresses":[{"ip":"127.0.0.1"}],"ports":[{"port":{{webhooks.Port}} }]}]}""");
        foreach (var (kind, path) in new[] { ("MutatingWebhookConfiguration", "/mutate"), ("ValidatingWebhookConfiguration", "/validate") })
        {
            var plural = kind.ToLowerInvariant() + "s";
            await PostAsync(api, $"/apis/admissionregistration.k8s.io/v1/{plural}", Configuration(kind, path, webhooks.CaBundle).ToJsonString());
        }
    }

    static JsonObject Configuration(string kind, string path, byte[] caBundle) => new()
    {
        ["apiVersion"] = "admissionregistration.k8s.io/v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = $"bench{path.Replace('/', '-')}" },
        ["webhooks"] = new JsonArray(Hook(path, caBundle)),
    };

    static JsonObject Hook(string path, byte[] caBundle) => new()
    {
        ["name"] = $"{path.TrimStart('/')}.bench.io",
        ["clientConfig"] = new JsonObject
        {
            ["service"] = new JsonObject { ["namespace"] = Namespace, ["name"] = Service, ["path"] = path },
            ["caBundle"] = Convert.ToBase64String(caBundle),
        },
        ["rules"] = new JsonArray(new JsonObject
        {
            ["operations"] = new JsonArray("CREATE"), ["apiGroups"] = new JsonArray(""), ["apiVersions"] = new JsonArray("v1"),
            ["resources"] = new JsonArray("configmaps"),
        }),
        ["sideEffects"] = "None",
        ["admissionReviewVersions"] = new JsonArray("v1"),
    };

    /// <summary>The same loopback server, reached by a bare HTTPS POST and by the server's webhook caller.</summary>
    static async Task<(Latencies Noop, Latencies Call)> CompareCallsAsync(LocalApiServer server, LoopbackWebhookServer webhooks, int calls, int concurrency)
    {
        var body = Encoding.UTF8.GetBytes("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""");
        using var noopClient = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        var noopUrl = new Uri($"https://127.0.0.1:{webhooks.Port}/noop");
        await noopClient.PostAsync(noopUrl, new ByteArrayContent(body)); // warm up one connection
        var noop = await Latencies.MeasureAsync(calls, concurrency, async _ =>
        {
            using var response = await noopClient.PostAsync(noopUrl, new ByteArrayContent(body));
            response.EnsureSuccessStatusCode();
        });

        using var clients = new WebhookHttpClients();
        var caller = new WebhookCaller(new WebhookHttpCaller(new WebhookEndpointResolver(server.Store), clients));
        var webhook = Webhook.Parse(Hook("/validate", webhooks.CaBundle), "bench", 0, mutating: false);
        var attributes = new AdmissionAttributes
        {
            Resource = BuiltInResources.ConfigMaps, Operation = AdmissionOperation.Create, Name = "c", Namespace = Namespace,
            Object = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}}""")!.AsObject(),
        };
        await caller.CallAsync(webhook, attributes, BuiltInResources.ConfigMaps);
        var call = await Latencies.MeasureAsync(calls, concurrency, _ => caller.CallAsync(webhook, attributes, BuiltInResources.ConfigMaps));
        return (noop, call);
    }
}
