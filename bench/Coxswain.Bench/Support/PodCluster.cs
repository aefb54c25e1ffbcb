using System.Diagnostics;
using System.Net;
using System.Text;
using k8s;
using k8s.Models;

namespace Coxswain.Bench.Support;

/// <summary>
/// The in-process API server (no nodes) holding <see cref="Count"/> realistic pods (<see cref="PodManifest"/>, as created
/// over HTTPS, so each carries what the server adds: defaults, status, managedFields), and a KubernetesClient connected
/// to it — what the runtime benchmarks list, watch and cache.
/// </summary>
public sealed class PodCluster : IAsyncDisposable
{
    readonly BenchCluster cluster;

    PodCluster(BenchCluster cluster, int count, TimeSpan seeding)
    {
        this.cluster = cluster;
        Count = count;
        Seeding = seeding;
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Server.KubeconfigPath));
    }

    public int Count { get; }

    /// <summary>How long creating the pods took.</summary>
    public TimeSpan Seeding { get; }

    public Kubernetes Client { get; }

    /// <summary>The server's kubeconfig, for clients in other processes.</summary>
    public string KubeconfigPath => cluster.Server.KubeconfigPath;

    /// <summary>Starts the server (in-memory store: seeding is not what is measured) and creates <paramref name="count"/> pods.</summary>
    public static async Task<PodCluster> StartAsync(int count, CancellationToken ct)
    {
        var cluster = await BenchCluster.StartAsync(ct, inMemory: true).ConfigureAwait(false);
        try
        {
            Console.WriteLine($"  creating {count:N0} pods");
            var clock = Stopwatch.StartNew();
            using var client = cluster.CreateClient(http2: false);
            var owner = await CreateOwnerAsync(client, ct).ConfigureAwait(false);
            await Parallel.ForEachAsync(
                Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
                (i, token) => new ValueTask(LoadGenerator.SendExpectingAsync(client, CreatePod($"pod-{i:D6}", owner), HttpStatusCode.Created, token))).ConfigureAwait(false);
            return new PodCluster(cluster, count, clock.Elapsed);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The pods' owner must exist, or the garbage collector deletes them as orphans. The server has no ReplicaSets (no
    // workload controllers), so the owner is a ControllerRevision of the same name — one more kind that owns pods in
    // real clusters (StatefulSet and DaemonSet history) — whose uid replaces the template's.
    static async Task<string> CreateOwnerAsync(HttpClient client, CancellationToken ct)
    {
        var revision = new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta { Name = "checkout-7d9f8c6b5d", NamespaceProperty = PodManifest.Namespace },
            Revision = 1,
            Data = new Dictionary<string, object>(),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apis/apps/v1/namespaces/{PodManifest.Namespace}/controllerrevisions")
        {
            Content = new StringContent(KubernetesJson.Serialize(revision), Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"creating the pods' owner: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}");
        return KubernetesJson.Deserialize<V1ControllerRevision>(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)).Metadata.Uid;
    }

    static HttpRequestMessage CreatePod(string name, string ownerUid)
    {
        var request = KubeRequests.CreatePod(name);
        var json = Encoding.UTF8.GetString(PodManifest.Json(name))
            .Replace(PodManifest.TemplateOwnerUid, ownerUid, StringComparison.Ordinal)
            .Replace("\"kind\":\"ReplicaSet\"", "\"kind\":\"ControllerRevision\"", StringComparison.Ordinal);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await cluster.DisposeAsync().ConfigureAwait(false);
    }
}
