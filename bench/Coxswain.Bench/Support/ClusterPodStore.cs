using System.Diagnostics;
using System.Net;

namespace Coxswain.Bench.Support;

/// <summary>Our API server as a pod store: POSTs of the pod JSON over HTTPS, and a pod watch in its namespace.</summary>
public sealed class ClusterPodStore : IPodStore
{
    readonly BenchCluster cluster;
    readonly HttpClient client, watchClient;

    ClusterPodStore(BenchCluster cluster, HttpClient client, HttpClient watchClient, WatchStream watch, string description)
    {
        this.cluster = cluster;
        this.client = client;
        this.watchClient = watchClient;
        Watch = watch;
        Description = description;
    }

    public string Name => "ours";
    public string Description { get; }
    public WatchStream Watch { get; }
    public Process? ServerProcess => null;

    /// <param name="http2">Send the creates over one multiplexed HTTP/2 connection (as client-go does) rather than a connection per client.</param>
    /// <param name="inMemory">Keep the store in memory (profiling only: it leaves the disk out).</param>
    public static async Task<ClusterPodStore> StartAsync(bool http2, bool inMemory, CancellationToken ct)
    {
        var cluster = await BenchCluster.StartAsync(ct, inMemory).ConfigureAwait(false);
        var client = cluster.CreateClient(http2);
        var watchClient = cluster.CreateClient(http2: false);
        var watch = await WatchStream.OpenAsync(watchClient, KubeRequests.WatchPods(cluster.Server.Store.CurrentRevision),
            KubeRequests.WatchEventMarker, ct).ConfigureAwait(false);
        var description = $"our API server over HTTPS {(http2 ? "HTTP/2, one multiplexed connection" : "HTTP/1.1, a connection per client")}, " +
            (inMemory ? "IN-MEMORY store (profiling only, not the target configuration)" : "durable SQLite store");
        return new ClusterPodStore(cluster, client, watchClient, watch, description);
    }

    public Task CreateAsync(string name, CancellationToken ct) =>
        LoadGenerator.SendExpectingAsync(client, KubeRequests.CreatePod(name), HttpStatusCode.Created, ct);

    public async ValueTask DisposeAsync()
    {
        await Watch.DisposeAsync().ConfigureAwait(false);
        client.Dispose();
        watchClient.Dispose();
        await cluster.DisposeAsync().ConfigureAwait(false);
    }
}
