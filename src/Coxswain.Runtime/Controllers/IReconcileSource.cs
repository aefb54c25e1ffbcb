namespace Coxswain.Runtime.Controllers;

/// <summary>
/// Where a controller's reconcile requests come from: a watch of the primary kind, of owned objects mapped to their
/// owners, of anything mapped by a user function, or a plain trigger stream (kube-rs's trigger streams,
/// controller-runtime's <c>source.Source</c>).
/// </summary>
public interface IReconcileSource
{
    /// <summary>Streams requests until <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<ReconcileRequest> RequestsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the source has delivered its initial view of the cluster (an informer's first list), so workers do
    /// not act on a partial cache. Sources without a cache complete at once.
    /// </summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
