using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Cache;

/// <summary>
/// The write side of a <see cref="Store{T}"/> (kube-rs's <c>reflector::store::Writer</c>): whoever runs the watcher owns
/// it, everyone else gets only the read-only <see cref="Store"/>.
/// </summary>
public sealed class StoreWriter<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    public StoreWriter(StoreOptions<T>? options = null)
    {
        Store = new Store<T>(options ?? new StoreOptions<T>());
    }

    /// <summary>The store this writer fills.</summary>
    public Store<T> Store { get; }

    /// <summary>Applies one watcher event; returns the changes it made, for dispatch to subscribers.</summary>
    public IReadOnlyList<ObjectChange<T>> Apply(WatcherEvent<T> watcherEvent) => Store.Apply(watcherEvent);
}
