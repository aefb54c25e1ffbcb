using System.Runtime.CompilerServices;
using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Cache;

/// <summary>Stream adapters that keep a store in step with a watcher (kube-rs's <c>reflector</c>).</summary>
public static class Reflector
{
    /// <summary>Applies every event to <paramref name="writer"/>'s store, then passes it on.</summary>
    public static async IAsyncEnumerable<WatcherEvent<T>> Reflect<T>(
        this IAsyncEnumerable<WatcherEvent<T>> events, StoreWriter<T> writer, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        await foreach (var watcherEvent in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            writer.Apply(watcherEvent);
            yield return watcherEvent;
        }
    }
}
