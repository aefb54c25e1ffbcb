using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Controllers;

/// <summary>
/// Drives one cached object towards its desired state, as kube-rs's reconcilers do: it receives the object itself
/// (requests for objects no longer cached are dropped — use a finalizer for cleanup that must happen). Must be
/// idempotent; never runs concurrently for the same object. Register with the manager's <c>AddController</c>.
/// </summary>
public interface IObjectReconciler<in T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    Task<ReconcileResult> ReconcileAsync(T obj, CancellationToken cancellationToken);
}
