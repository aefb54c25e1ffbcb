using System.Runtime.CompilerServices;
using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Filters;
using Coxswain.Runtime.Informers;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Controllers;

/// <summary>
/// Turns the changes of a shared informer into reconcile requests: filtered by an optional <see cref="Predicate"/>,
/// then mapped (to the object itself, its owner, or anything a function names). An update is mapped from both its old
/// and new state, as controller-runtime does, so a request also reaches the object that just stopped being related
/// (e.g. the previous owner). Synced when the informer's cache is. An optional observer sees every change first — before
/// the predicate and before any request is queued — which is where expectations are lowered (kube-controller-manager's
/// informer handlers do the same: observe, then enqueue).
/// </summary>
public sealed class InformerSource<T> : IReconcileSource where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly SharedInformer<T> _informer;
    private readonly Func<T, IEnumerable<ReconcileRequest>> _map;
    private readonly Predicate? _predicate;
    private readonly Action<ObjectChange<T>>? _observe;

    public InformerSource(
        SharedInformer<T> informer, Func<T, IEnumerable<ReconcileRequest>> map, Predicate? predicate = null, Action<ObjectChange<T>>? observe = null)
    {
        _informer = informer;
        _map = map;
        _predicate = predicate;
        _observe = observe;
    }

    public async IAsyncEnumerable<ReconcileRequest> RequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = _informer.Subscribe();
        await foreach (var change in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            _observe?.Invoke(change);
            if (_predicate is not null && !_predicate.Allows(change))
            {
                continue;
            }

            foreach (var request in Requests(change))
            {
                yield return request;
            }
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _informer.WaitForSyncAsync(cancellationToken);

    private IEnumerable<ReconcileRequest> Requests(ObjectChange<T> change)
    {
        var requests = _map(change.Object);
        return change is { Type: ObjectChangeType.Updated, OldObject: { } old }
            ? requests.Concat(_map(old)).Distinct()
            : requests;
    }
}
