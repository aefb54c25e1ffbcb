using System.Diagnostics;
using System.Net;

namespace Coxswain.Bench.Support;

/// <summary>
/// etcd as a pod store, the way kube-apiserver uses it: the pod's bytes put under <c>/registry/pods/{namespace}/{name}</c>
/// through the JSON gateway, and a watch on the <c>/registry/pods/</c> prefix.
/// </summary>
public sealed class EtcdPodStore : IPodStore
{
    readonly EtcdServer server;
    readonly HttpClient client, watchClient;

    EtcdPodStore(EtcdServer server, HttpClient client, HttpClient watchClient, WatchStream watch)
    {
        this.server = server;
        this.client = client;
        this.watchClient = watchClient;
        Watch = watch;
    }

    public string Name => "etcd";
    public string Description => $"etcd {server.Version}, raw puts of the same bytes via its JSON gateway (/v3/kv/put) over HTTP/1.1, prefix watch open";
    public WatchStream Watch { get; }
    public Process? ServerProcess => server.Process;

    public static async Task<EtcdPodStore> StartAsync(CancellationToken ct)
    {
        var server = await EtcdServer.StartAsync(ct).ConfigureAwait(false);
        var client = BenchHttp.Create(server.ClientUrl, http2: false);
        var watchClient = BenchHttp.Create(server.ClientUrl, http2: false);
        var watch = await WatchStream.OpenAsync(watchClient, EtcdGateway.WatchPrefix(PodManifest.EtcdPrefix), EtcdGateway.WatchEventMarker, ct)
            .ConfigureAwait(false);
        return new EtcdPodStore(server, client, watchClient, watch);
    }

    public Task CreateAsync(string name, CancellationToken ct) =>
        LoadGenerator.SendExpectingAsync(client, EtcdGateway.Put(PodManifest.EtcdKey(name), PodManifest.Json(name)), HttpStatusCode.OK, ct);

    public async ValueTask DisposeAsync()
    {
        await Watch.DisposeAsync().ConfigureAwait(false);
        client.Dispose();
        watchClient.Dispose();
        await server.DisposeAsync().ConfigureAwait(false);
    }
}
