using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Informers;

/// <summary>
/// One watcher feeding one store, fanned out to any number of subscribers (client-go's <c>SharedIndexInformer</c>,
/// kube-rs's shared reflector). Controllers that watch the same kind share it, so the API server sees one watch and the
/// process holds one copy of each object — seed 003's answer to 429s from too many watch connections.
/// </summary>
public sealed class SharedInformer<T> : ISharedInformer where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _dispatchGate = new();
    private readonly List<InformerSubscription<T>> _subscriptions = [];
    private readonly ResourceWatcher<T> _watcher;
    private readonly StoreWriter<T> _writer;
    private int _started;
    private bool _stopped;

    public SharedInformer(
        IListWatchClient<T> client, WatcherOptions? watcherOptions = null, StoreOptions<T>? storeOptions = null, ILogger? logger = null)
    {
        Resource = client.Resource;
        _watcher = new ResourceWatcher<T>(client, watcherOptions, logger);
        _writer = new StoreWriter<T>(storeOptions);
    }

    public ApiResource Resource { get; }

    /// <summary>The cache; read it freely, it is kept current while the informer runs.</summary>
    public Store<T> Store => _writer.Store;

    public bool HasSynced => Store.IsReady;

    /// <summary>Whether <see cref="RunAsync"/> has been called.</summary>
    public bool IsStarted => Volatile.Read(ref _started) != 0;

    /// <summary>Completes once the first complete list is cached (client-go's <c>HasSynced</c>).</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => Store.WaitUntilReadyAsync(cancellationToken);

    /// <summary>
    /// Subscribes to changes. Objects already cached are delivered first as additions, so a late subscriber misses
    /// nothing; everything after arrives in order.
    /// </summary>
    public InformerSubscription<T> Subscribe()
    {
        var subscription = new InformerSubscription<T>(Unsubscribe);
        lock (_dispatchGate)
        {
            if (Store.IsReady)
            {
                foreach (var obj in Store.List())
                {
                    subscription.Publish(new ObjectChange<T>(ObjectChangeType.Added, obj));
                }
            }

            if (_stopped)
            {
                subscription.Complete();
            }
            else
            {
                _subscriptions.Add(subscription);
            }
        }

        return subscription;
    }

    /// <summary>Runs the watcher until cancelled, keeping the store and subscribers current. Call once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"The informer of {Resource.Kind} is already running.");
        }

        try
        {
            await foreach (var watcherEvent in _watcher.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_dispatchGate)
                {
                    foreach (var change in _writer.Apply(watcherEvent))
                    {
                        foreach (var subscription in _subscriptions)
                        {
                            subscription.Publish(change);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_dispatchGate)
            {
                _stopped = true;
                foreach (var subscription in _subscriptions)
                {
                    subscription.Complete();
                }

                _subscriptions.Clear();
            }
        }
    }

    private void Unsubscribe(InformerSubscription<T> subscription)
    {
        lock (_dispatchGate)
        {
            _subscriptions.Remove(subscription);
        }

        subscription.Complete();
    }
}
