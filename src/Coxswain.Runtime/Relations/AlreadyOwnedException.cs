using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Relations;

/// <summary>The object already has another controller owner (controller-runtime's <c>AlreadyOwnedError</c>).</summary>
public sealed class AlreadyOwnedException(IKubernetesObject<V1ObjectMeta> obj, V1OwnerReference owner)
    : InvalidOperationException(
        $"Object {obj.Metadata?.NamespaceProperty}/{obj.Metadata?.Name} is already owned by another {owner.Kind} controller {owner.Name}")
{
    /// <summary>The existing controller reference.</summary>
    public V1OwnerReference Owner { get; } = owner;
}
