using Coxswain.Runtime.Cache;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Relations;

/// <summary>
/// A controller's children looked up in a <see cref="Store{T}"/> by index rather than by scanning their namespace:
/// those it controls (the <see cref="Indexers.OwnerUidIndex"/>, which holds every owner, narrowed to the controller
/// reference) and the orphans it may adopt (the <see cref="Indexers.OrphanIndex"/>). A reconcile then costs as much as
/// the controller's own children, not as much as everything else in the namespace.
/// </summary>
public static class ControllerRefLookups
{
    /// <summary>The objects in <paramref name="namespace"/> whose controller reference has the UID <paramref name="controllerUid"/>.</summary>
    public static IReadOnlyList<T> ControlledBy<T>(this Store<T> store, string? @namespace, string controllerUid)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var owned = store.OwnedBy(controllerUid);
        var controlled = new List<T>(owned.Count);
        foreach (var child in owned)
        {
            if (OwnerReferences.GetControllerOf(child) is { } reference
                && string.Equals(reference.Uid, controllerUid, StringComparison.Ordinal)
                && string.Equals(child.Metadata.NamespaceProperty ?? "", @namespace ?? "", StringComparison.Ordinal))
            {
                controlled.Add(child);
            }
        }

        return controlled;
    }

    /// <summary>
    /// The candidates <see cref="ControllerRefManager{TChild}.ClaimAsync"/> needs for the namespaced
    /// <paramref name="controller"/>: the children of its namespace that reference it, then the other orphans of its
    /// namespace. Upstream hands the claim every object of the namespace, but the claim ignores those controlled by
    /// anyone else, so it claims the same. The store must maintain the <see cref="Indexers.OrphanIndex"/>.
    /// </summary>
    public static IReadOnlyList<T> ClaimCandidates<T>(this Store<T> store, IKubernetesObject<V1ObjectMeta> controller)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var @namespace = controller.Metadata.NamespaceProperty ?? "";
        var uid = controller.Metadata.Uid;

        // Children referencing the controller are taken as they are (the claim reads their controller reference anyway),
        // and orphans among them are left out of the orphans: looking at each child's references once matters with
        // thousands of children.
        var owned = store.OwnedBy(uid);
        var orphans = store.OrphansIn(@namespace);
        var candidates = new List<T>(owned.Count + orphans.Count);
        foreach (var child in owned)
        {
            if (string.Equals(child.Metadata.NamespaceProperty ?? "", @namespace, StringComparison.Ordinal))
            {
                candidates.Add(child);
            }
        }

        foreach (var orphan in orphans)
        {
            if (!References(orphan, uid))
            {
                candidates.Add(orphan);
            }
        }

        return candidates;
    }

    private static bool References(IKubernetesObject<V1ObjectMeta> child, string uid) =>
        child.Metadata.OwnerReferences?.Any(r => string.Equals(r.Uid, uid, StringComparison.Ordinal)) == true;
}
