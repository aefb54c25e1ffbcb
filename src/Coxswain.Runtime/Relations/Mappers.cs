using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Relations;

/// <summary>
/// Turns a changed object into the reconcile requests it should trigger. These are the three relations of
/// controller-runtime's builder and kube-rs's controller: the object itself (<c>For</c>), its controlling owner
/// (<c>Owns</c>, via <c>ownerReferences</c>), and anything a user function names (<c>Watches</c>).
/// </summary>
public static class Mappers
{
    /// <summary>The object itself, with reason <c>object updated</c>.</summary>
    public static IEnumerable<ReconcileRequest> Self(IKubernetesObject<V1ObjectMeta> obj) =>
        [ReconcileRequest.For(obj, ReconcileReasons.ObjectUpdated)];

    /// <summary>
    /// Maps an owned object to its owners of kind <paramref name="owner"/> (controller-runtime's
    /// <c>EnqueueRequestForOwner</c>, kube-rs's <c>trigger_owners</c>). Owners are matched by group and kind, not
    /// version, so a child written against an older version of the owner still maps. Owner references carry no
    /// namespace: a namespaced owner lives in its child's namespace, a cluster-scoped owner in none.
    /// </summary>
    /// <param name="owner">The owner kind.</param>
    /// <param name="onlyController">Only the reference marked <c>controller: true</c> (the default, as both upstreams).</param>
    /// <param name="ownerIsNamespaced">Whether the owner kind is namespaced.</param>
    public static Func<IKubernetesObject<V1ObjectMeta>, IEnumerable<ReconcileRequest>> Owners(
        ApiResource owner, bool onlyController = true, bool ownerIsNamespaced = true) =>
        child => OwnersOf(child, owner, onlyController, ownerIsNamespaced);

    /// <summary>
    /// Wraps a user mapping (controller-runtime's <c>EnqueueRequestsFromMapFunc</c>, kube-rs's <c>watches</c>): requests
    /// it returns without a reason get <c>related object updated: &lt;object.ref&gt;</c>.
    /// </summary>
    public static Func<T, IEnumerable<ReconcileRequest>> Related<T>(Func<T, IEnumerable<ReconcileRequest>> map)
        where T : IKubernetesObject<V1ObjectMeta> =>
        obj =>
        {
            var reason = ReconcileReasons.RelatedObjectUpdated(ObjectReferences.Format(obj));
            return map(obj).Select(r => r.Reason == ReconcileReasons.Unknown ? r.WithReason(reason) : r);
        };

    private static IEnumerable<ReconcileRequest> OwnersOf(
        IKubernetesObject<V1ObjectMeta> child, ApiResource owner, bool onlyController, bool ownerIsNamespaced)
    {
        var references = child.Metadata?.OwnerReferences;
        if (references is null || references.Count == 0)
        {
            yield break;
        }

        var reason = ReconcileReasons.RelatedObjectUpdated(ObjectReferences.Format(child));
        var @namespace = ownerIsNamespaced ? child.Metadata!.NamespaceProperty : null;
        foreach (var reference in references)
        {
            if ((onlyController && reference.Controller != true)
                || !string.Equals(reference.Kind, owner.Kind, StringComparison.Ordinal)
                || !owner.IsInGroupOf(reference.ApiVersion)
                || string.IsNullOrEmpty(reference.Name))
            {
                continue;
            }

            yield return new ReconcileRequest(@namespace, reference.Name, reason);
        }
    }
}
