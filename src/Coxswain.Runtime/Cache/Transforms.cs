using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Cache;

/// <summary>Transforms applied to objects before they are cached (kube-rs's <c>.modify()</c>, client-go's <c>TransformFunc</c>).</summary>
public static class Transforms
{
    /// <summary>
    /// Drops <c>metadata.managedFields</c>, the server-side-apply bookkeeping that is often the largest part of an
    /// object and that controllers almost never read — seed 003's first answer to a cache using too much memory.
    /// The object is modified in place: it comes fresh from the wire and nothing else holds it yet.
    /// </summary>
    public static T StripManagedFields<T>(T obj) where T : IKubernetesObject<V1ObjectMeta>
    {
        if (obj.Metadata is { ManagedFields: not null } metadata)
        {
            metadata.ManagedFields = null;
        }

        return obj;
    }

    /// <summary>
    /// Shares the object's strings with every other cached object through <paramref name="pool"/> (the process-wide
    /// <see cref="StringPool.Shared"/> by default): label keys and values, images, namespaces, owner references and
    /// the like are then held once, not once per object. In place, like <see cref="StripManagedFields{T}"/>.
    /// </summary>
    public static T DeduplicateStrings<T>(T obj, StringPool? pool = null) where T : IKubernetesObject<V1ObjectMeta>
    {
        StringDeduplicator.Deduplicate(obj, pool ?? StringPool.Shared);
        return obj;
    }

    /// <summary>The default transform of a store: <see cref="StripManagedFields{T}"/>, then <see cref="DeduplicateStrings{T}"/>.</summary>
    public static T Compact<T>(T obj) where T : IKubernetesObject<V1ObjectMeta> => DeduplicateStrings(StripManagedFields(obj));
}
