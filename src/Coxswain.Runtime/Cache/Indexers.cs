using Coxswain.Runtime.Relations;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Cache;

/// <summary>
/// Index functions for a <see cref="Store{T}"/>: each maps an object to the index values it should be found under
/// (client-go's <c>IndexFunc</c>).
/// </summary>
public static class Indexers
{
    /// <summary>Name of the <see cref="Namespace"/> index (client-go's <c>cache.NamespaceIndex</c>).</summary>
    public const string NamespaceIndex = "namespace";

    /// <summary>Name of the <see cref="OwnerUid"/> index.</summary>
    public const string OwnerUidIndex = "ownerUid";

    /// <summary>Name of the <see cref="Orphan"/> index (maintained by default).</summary>
    public const string OrphanIndex = "orphan";

    /// <summary>Indexes an object under its namespace (cluster-scoped objects are not indexed).</summary>
    public static IEnumerable<string> Namespace(IKubernetesObject<V1ObjectMeta> obj) =>
        string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) ? [] : [obj.Metadata.NamespaceProperty];

    /// <summary>Indexes an object under the UIDs of all its owners, so a controller finds an owner's children in O(1).</summary>
    public static IEnumerable<string> OwnerUid(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata?.OwnerReferences?.Where(o => !string.IsNullOrEmpty(o.Uid)).Select(o => o.Uid) ?? [];

    /// <summary>
    /// Indexes a namespaced object without a controller owner reference under its namespace: the orphans a controller
    /// may adopt, found without scanning the namespace. Objects with a controller, and cluster-scoped ones, are not indexed.
    /// </summary>
    public static IEnumerable<string> Orphan(IKubernetesObject<V1ObjectMeta> obj) =>
        string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) || OwnerReferences.GetControllerOf(obj) is not null ? [] : [obj.Metadata.NamespaceProperty];
}
