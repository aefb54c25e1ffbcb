using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Cache;

/// <summary>The identity of a cached object: namespace (null when cluster-scoped) and name.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj) => new(
        string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) ? null : obj.Metadata.NamespaceProperty,
        obj.Metadata?.Name ?? throw new ArgumentException("The object has no name.", nameof(obj)));

    /// <summary><c>namespace/name</c> or <c>name</c>, client-go's <c>MetaNamespaceKeyFunc</c>.</summary>
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
