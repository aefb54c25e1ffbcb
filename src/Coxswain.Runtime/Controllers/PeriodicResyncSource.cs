using System.Runtime.CompilerServices;
using Coxswain.Runtime.Cache;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Controllers;

/// <summary>
/// Re-requests every cached object periodically (controller-runtime's <c>SyncPeriod</c>, kube-rs's
/// <c>reconcile_all_on</c>), as a safety net for drift the watches cannot see, e.g. in external systems. Each period is
/// jittered by up to +10%, as controller-runtime does, so controllers started together do not resync together.
/// Unlike an informer resync it bypasses event filters, since nothing changed in the objects themselves.
/// </summary>
public sealed class PeriodicResyncSource<T> : IReconcileSource where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Store<T> _store;
    private readonly TimeSpan _period;
    private readonly TimeProvider _time;
    private readonly Random _random;

    public PeriodicResyncSource(Store<T> store, TimeSpan period, TimeProvider? timeProvider = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _store = store;
        _period = period;
        _time = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared;
    }

    public async IAsyncEnumerable<ReconcileRequest> RequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(_period * (1 + (0.1 * _random.NextDouble())), _time, cancellationToken).ConfigureAwait(false);
            foreach (var obj in _store.List())
            {
                yield return ReconcileRequest.For(obj, ReconcileReasons.BulkReconcile);
            }
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _store.WaitUntilReadyAsync(cancellationToken);
}
