using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.Runtime.Informers;

/// <summary>
/// Hands out one running <see cref="SharedInformer{T}"/> per model type, resource, namespace and selectors, for the whole
/// process (client-go's <c>SharedInformerFactory</c>, controller-runtime's cache). Register it as a singleton. The first
/// request for a key creates and starts the informer with the options given; later requests share it as it is.
/// </summary>
public sealed class SharedInformerFactory : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<InformerKey, ISharedInformer> _informers = new();
    private readonly List<Task> _running = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly IListWatchClientFactory _clients;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;

    public SharedInformerFactory(IListWatchClientFactory clients, ILoggerFactory? loggers = null, TimeProvider? timeProvider = null)
    {
        _clients = clients;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The logger factory informers log through; controllers built on this factory use it too.</summary>
    public ILoggerFactory LoggerFactory => _loggers;

    /// <summary>Number of informers created so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _informers.Count;
            }
        }
    }

    /// <summary>Every informer created so far.</summary>
    public IReadOnlyList<ISharedInformer> Informers
    {
        get
        {
            lock (_gate)
            {
                return [.. _informers.Values];
            }
        }
    }

    /// <summary>Whether every informer created so far has cached its first complete list — what <c>/readyz</c> reports.</summary>
    public bool HasSynced => Informers.All(i => i.HasSynced);

    /// <summary>The informer of model type <typeparamref name="T"/> (a KubernetesClient model), started if new.</summary>
    public SharedInformer<T> Get<T>(string? @namespace = null, WatcherOptions? watcherOptions = null, StoreOptions<T>? storeOptions = null)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Get(ApiResource.For<T>(), @namespace, watcherOptions, storeOptions);

    /// <summary>
    /// The informer of <paramref name="resource"/> read as <typeparamref name="T"/>, started if new. Pass
    /// <see cref="PartialObjectMetadata"/> for a metadata-only informer of any resource.
    /// </summary>
    public SharedInformer<T> Get<T>(ApiResource resource, string? @namespace = null, WatcherOptions? watcherOptions = null, StoreOptions<T>? storeOptions = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var ns = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        var options = (watcherOptions ?? new WatcherOptions()) with { TimeProvider = watcherOptions?.TimeProvider ?? _time };
        var key = new InformerKey(typeof(T), resource, ns, options.LabelSelector, options.FieldSelector);
        lock (_gate)
        {
            if (_informers.TryGetValue(key, out var existing))
            {
                return (SharedInformer<T>)existing;
            }

            var informer = new SharedInformer<T>(
                _clients.Create<T>(resource, ns), options, storeOptions, _loggers.CreateLogger($"Coxswain.Runtime.Informers.{resource.Kind}"));
            _informers.Add(key, informer);
            _running.Add(Task.Run(() => informer.RunAsync(_stopping.Token)));
            return informer;
        }
    }

    /// <summary>Stops every informer and waits for them to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            running = [.. _running];
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private readonly record struct InformerKey(Type ModelType, ApiResource Resource, string? Namespace, string? LabelSelector, string? FieldSelector);
}
