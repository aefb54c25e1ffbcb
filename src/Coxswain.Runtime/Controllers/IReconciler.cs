namespace Coxswain.Runtime.Controllers;

/// <summary>
/// Drives one object towards its desired state (controller-runtime's <c>reconcile.Reconciler</c>). Must be idempotent:
/// it may run any number of times for the same state, but never concurrently for the same object.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken);
}
