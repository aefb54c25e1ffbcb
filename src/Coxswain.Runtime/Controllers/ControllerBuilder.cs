using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Expectations;
using Coxswain.Runtime.Filters;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Controllers;

/// <summary>Entry point of the controller builder.</summary>
public static class ControllerBuilder
{
    /// <summary>
    /// Starts a controller of the kind <typeparamref name="T"/> (controller-runtime's <c>builder.For</c>, kube-rs's
    /// <c>Controller::new</c>): every change of a <typeparamref name="T"/> reconciles that object.
    /// </summary>
    /// <param name="informers">The process-wide informers; watches are shared with every other controller.</param>
    /// <param name="watcherOptions">Selectors and list strategy of the primary watch.</param>
    public static ControllerBuilder<T> For<T>(SharedInformerFactory informers, WatcherOptions? watcherOptions = null)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new(informers, watcherOptions);
}

/// <summary>
/// Assembles a <see cref="Controller"/> from shared-informer sources: the primary kind (<see cref="ControllerBuilder.For{T}"/>),
/// owned kinds (<see cref="Owns{TChild}"/>), related kinds (<see cref="Watches{TOther}"/>) and plain trigger streams
/// (<see cref="WithSource"/>). Each piece is usable without the builder; this only wires them.
/// </summary>
public sealed class ControllerBuilder<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly SharedInformerFactory _informers;
    private readonly WatcherOptions? _watcherOptions;
    private readonly ApiResource _resource = ApiResource.For<T>();
    private readonly List<Func<IReconcileSource>> _sources = [];
    private readonly ControllerOptions _options = new();
    private Predicate? _eventFilter;
    private string? _namespace;
    private bool _clusterScoped;
    private ILogger? _logger;

    internal ControllerBuilder(SharedInformerFactory informers, WatcherOptions? watcherOptions)
    {
        _informers = informers;
        _watcherOptions = watcherOptions;
        _options.Name = _resource.Kind.ToLowerInvariant();
        _options.Kind = _resource;
    }

    /// <summary>The primary informer's cache, for reconcilers that read the object (available before <c>Build</c>).</summary>
    public Store<T> Store => PrimaryInformer.Store;

    private SharedInformer<T> PrimaryInformer => _informers.Get<T>(_resource, _namespace, _watcherOptions);

    /// <summary>Names the controller (default: the kind in lower case, as controller-runtime does).</summary>
    public ControllerBuilder<T> Named(string name)
    {
        _options.Name = name;
        return this;
    }

    /// <summary>Restricts every watch of this controller to one namespace.</summary>
    public ControllerBuilder<T> InNamespace(string @namespace)
    {
        _namespace = @namespace;
        return this;
    }

    /// <summary>Declares <typeparamref name="T"/> cluster-scoped, so owned objects map to owners without a namespace.</summary>
    public ControllerBuilder<T> ClusterScoped()
    {
        _clusterScoped = true;
        return this;
    }

    /// <summary>
    /// Filters updates of the primary kind (controller-runtime's <c>WithEventFilter</c>, kube-rs's <c>predicate_filter</c>).
    /// Prefer <c>GenerationChanged.Or(FinalizersChanged)</c> over <c>GenerationChanged</c> alone (seed 003).
    /// </summary>
    public ControllerBuilder<T> WithEventFilter(Predicate predicate)
    {
        _eventFilter = predicate;
        return this;
    }

    /// <summary>
    /// Reconciles the controlling owner (of kind <typeparamref name="T"/>) of every changed <typeparamref name="TChild"/>.
    /// With <paramref name="metadataOnly"/> the children are cached as <see cref="PartialObjectMetadata"/> — enough to
    /// map owners, at a fraction of the memory. With <paramref name="expectations"/>, each child that appears or
    /// disappears is counted as an observed creation or deletion of its owner (key: the owner's <c>namespace/name</c>,
    /// <see cref="ReconcileRequest.ToString"/>) before the owner is queued, so the reconcile it triggers sees the
    /// expectation lowered.
    /// </summary>
    public ControllerBuilder<T> Owns<TChild>(
        Predicate? predicate = null, bool metadataOnly = false, WatcherOptions? watcherOptions = null, ControllerExpectations? expectations = null)
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        var toOwner = Mappers.Owners(_resource, ownerIsNamespaced: !_clusterScoped);
        var child = ApiResource.For<TChild>();
        _sources.Add(metadataOnly
            ? () => new InformerSource<PartialObjectMetadata>(
                _informers.Get<PartialObjectMetadata>(child, _namespace, watcherOptions), toOwner, predicate, Observer<PartialObjectMetadata>(expectations, toOwner))
            : () => new InformerSource<TChild>(
                _informers.Get<TChild>(child, _namespace, watcherOptions), toOwner, predicate, Observer<TChild>(expectations, toOwner)));
        return this;
    }

    private static Action<ObjectChange<TChild>>? Observer<TChild>(
        ControllerExpectations? expectations, Func<IKubernetesObject<V1ObjectMeta>, IEnumerable<ReconcileRequest>> toOwner)
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        if (expectations is null)
        {
            return null;
        }

        return change =>
        {
            foreach (var owner in toOwner(change.Object))
            {
                switch (change.Type)
                {
                    case ObjectChangeType.Added:
                        expectations.CreationObserved(owner.ToString());
                        break;
                    case ObjectChangeType.Deleted:
                        expectations.DeletionObserved(owner.ToString());
                        break;
                }
            }
        };
    }

    /// <summary>Reconciles whatever <paramref name="map"/> names for every changed <typeparamref name="TOther"/>.</summary>
    public ControllerBuilder<T> Watches<TOther>(
        Func<TOther, IEnumerable<ReconcileRequest>> map, Predicate? predicate = null, WatcherOptions? watcherOptions = null)
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        var related = Mappers.Related(map);
        _sources.Add(() => new InformerSource<TOther>(_informers.Get<TOther>(_namespace, watcherOptions), related, predicate));
        return this;
    }

    /// <summary>Adds any request stream, e.g. a periodic resync or an external trigger (kube-rs's <c>reconcile_on</c>).</summary>
    public ControllerBuilder<T> WithSource(IReconcileSource source)
    {
        _sources.Add(() => source);
        return this;
    }

    /// <summary>Re-reconciles every cached primary object about every <paramref name="period"/> (off by default).</summary>
    public ControllerBuilder<T> ResyncEvery(TimeSpan period)
    {
        _sources.Add(() => new PeriodicResyncSource<T>(Store, period, _options.TimeProvider));
        return this;
    }

    /// <summary>Adjusts concurrency, rate limiting, timeouts and the rest.</summary>
    public ControllerBuilder<T> WithOptions(Action<ControllerOptions> configure)
    {
        configure(_options);
        return this;
    }

    /// <summary>Logs through <paramref name="logger"/> instead of the category <c>Coxswain.Runtime.Controllers.&lt;name&gt;</c>.</summary>
    public ControllerBuilder<T> WithLogger(ILogger logger)
    {
        _logger = logger;
        return this;
    }

    /// <summary>Builds a controller whose reconciler gets requests (it must cope with objects already gone).</summary>
    public Controller Build(Func<ReconcileRequest, CancellationToken, Task<ReconcileResult>> reconcile)
    {
        var primary = new InformerSource<T>(PrimaryInformer, Mappers.Self, _eventFilter);
        var logger = _logger ?? _informers.LoggerFactory.CreateLogger($"Coxswain.Runtime.Controllers.{_options.Name}");
        return new Controller(_options, reconcile, [primary, .. _sources.Select(create => create())], logger);
    }

    public Controller Build(IReconciler reconciler) => Build(reconciler.ReconcileAsync);

    /// <summary>
    /// Builds a controller whose reconciler gets the cached object, as kube-rs's does; requests for objects no longer in
    /// the cache are dropped (use finalizers for cleanup that must happen).
    /// </summary>
    public Controller BuildForObject(Func<T, CancellationToken, Task<ReconcileResult>> reconcile)
    {
        var store = Store;
        return Build((request, cancellationToken) => store.Get(request.Namespace, request.Name) is { } obj
            ? reconcile(obj, cancellationToken)
            : Task.FromResult(ReconcileResult.Done));
    }
}
