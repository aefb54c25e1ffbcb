using System.Diagnostics;
using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;

namespace Coxswain.Bench.Support;

/// <summary>One cold start of a pod cache: a watcher and a store, from nothing to the first complete list.</summary>
public static class CacheSync
{
    /// <summary>How long filling a store of the benchmark namespace's pods took, how many it holds, and whether the streaming list was used.</summary>
    public static async Task<(TimeSpan Elapsed, int Count, bool Streamed)> RunAsync(Kubernetes client, InitialListStrategy strategy, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var watcher = new ResourceWatcher<V1Pod>(
            new KubernetesListWatchClient<V1Pod>(client, ApiResource.For<V1Pod>(), PodManifest.Namespace), new WatcherOptions { InitialListStrategy = strategy });
        var writer = new StoreWriter<V1Pod>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await foreach (var watcherEvent in watcher.WatchAsync(stop.Token).ConfigureAwait(false))
        {
            writer.Apply(watcherEvent);
            if (watcherEvent.Type == WatcherEventType.InitDone)
            {
                break;
            }
        }

        return (clock.Elapsed, writer.Store.Count, strategy == InitialListStrategy.StreamingList && watcher.StreamingListSupported);
    }
}
