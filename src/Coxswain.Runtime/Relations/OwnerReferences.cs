using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Relations;

/// <summary>
/// Owner references with controller-runtime's semantics (<c>controllerutil.SetControllerReference</c>,
/// <c>SetOwnerReference</c>, <c>metav1.GetControllerOf</c>). An object has at most one <em>controller</em> owner: the
/// one that manages it and that <see cref="Mappers.Owners"/> maps it back to; the garbage collector deletes it with any
/// of its owners.
/// </summary>
public static class OwnerReferences
{
    /// <summary>
    /// A reference to <paramref name="owner"/> marked as its controller, blocking the owner's foreground deletion until
    /// the child is gone — what <c>SetControllerReference</c> writes.
    /// </summary>
    /// <param name="owner">The owner; it must have a name and a UID (i.e. it was read from the server).</param>
    /// <param name="ownerResource">The owner's kind, when its model does not say (built-in models read from a list).</param>
    public static V1OwnerReference ControllerReference(IKubernetesObject<V1ObjectMeta> owner, ApiResource? ownerResource = null)
    {
        var reference = Reference(owner, ownerResource);
        reference.Controller = true;
        reference.BlockOwnerDeletion = true;
        return reference;
    }

    /// <summary>
    /// Makes <paramref name="owner"/> the controller of <paramref name="child"/> (modifying the child's metadata): replaces
    /// an existing reference to the same owner, adds one otherwise. Throws <see cref="AlreadyOwnedException"/> when another
    /// object is already the controller, and <see cref="ArgumentException"/> for references the API forbids
    /// (cross-namespace, or a namespaced owner of a cluster-scoped child).
    /// </summary>
    /// <param name="owner">The owner; it must have a name and a UID.</param>
    /// <param name="child">The object to mark as controlled; typically not yet created.</param>
    /// <param name="ownerResource">The owner's kind, when its model does not say.</param>
    public static void SetControllerReference(
        IKubernetesObject<V1ObjectMeta> owner, IKubernetesObject<V1ObjectMeta> child, ApiResource? ownerResource = null)
    {
        ValidateOwner(owner, child);
        var reference = ControllerReference(owner, ownerResource);
        if (GetControllerOf(child) is { } existing && !ReferSameObject(existing, reference))
        {
            throw new AlreadyOwnedException(child, existing);
        }

        Upsert(child, reference);
    }

    /// <summary>
    /// Adds (or refreshes) a plain, non-controller owner reference to <paramref name="owner"/>: the child is then
    /// garbage-collected with the owner but stays free for a controller to claim.
    /// </summary>
    /// <param name="owner">The owner; it must have a name and a UID.</param>
    /// <param name="child">The object to add the reference to.</param>
    /// <param name="ownerResource">The owner's kind, when its model does not say.</param>
    public static void SetOwnerReference(
        IKubernetesObject<V1ObjectMeta> owner, IKubernetesObject<V1ObjectMeta> child, ApiResource? ownerResource = null)
    {
        ValidateOwner(owner, child);
        var reference = Reference(owner, ownerResource);
        if (child.Metadata?.OwnerReferences?.FirstOrDefault(r => ReferSameObject(r, reference)) is { } existing)
        {
            // Keep the controller flags of an existing reference, as upstream does.
            reference.Controller = existing.Controller;
            reference.BlockOwnerDeletion = existing.BlockOwnerDeletion;
        }

        Upsert(child, reference);
    }

    /// <summary>The reference marked <c>controller: true</c>, if any (<c>metav1.GetControllerOf</c>).</summary>
    public static V1OwnerReference? GetControllerOf(IKubernetesObject<V1ObjectMeta> obj)
    {
        // An indexed loop, not LINQ over the interface: controllers ask this of every child on every reconcile, and of every object the cache indexes.
        if (obj.Metadata?.OwnerReferences is not { } references)
        {
            return null;
        }

        for (var i = 0; i < references.Count; i++)
        {
            if (references[i].Controller == true)
            {
                return references[i];
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="owner"/> (by UID) is the controller of <paramref name="obj"/>.</summary>
    public static bool IsControlledBy(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> owner) =>
        GetControllerOf(obj) is { } reference && !string.IsNullOrEmpty(owner.Metadata?.Uid)
        && string.Equals(reference.Uid, owner.Metadata.Uid, StringComparison.Ordinal);

    private static V1OwnerReference Reference(IKubernetesObject<V1ObjectMeta> owner, ApiResource? ownerResource)
    {
        var name = owner.Metadata?.Name;
        var uid = owner.Metadata?.Uid;
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(uid))
        {
            throw new ArgumentException("An owner needs a name and a UID; use the object as read from the server.", nameof(owner));
        }

        var apiVersion = string.IsNullOrEmpty(owner.ApiVersion) ? ownerResource?.ApiVersion : owner.ApiVersion;
        var kind = string.IsNullOrEmpty(owner.Kind) ? ownerResource?.Kind : owner.Kind;
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            var resource = ApiResource.For(owner.GetType());
            (apiVersion, kind) = (resource.ApiVersion, resource.Kind);
        }

        return new V1OwnerReference { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = uid };
    }

    // controllerutil.validateOwner, with its messages.
    private static void ValidateOwner(IKubernetesObject<V1ObjectMeta> owner, IKubernetesObject<V1ObjectMeta> child)
    {
        var ownerNamespace = owner.Metadata?.NamespaceProperty;
        if (string.IsNullOrEmpty(ownerNamespace))
        {
            return;
        }

        var childNamespace = child.Metadata?.NamespaceProperty;
        if (string.IsNullOrEmpty(childNamespace))
        {
            throw new ArgumentException(
                $"cluster-scoped resource must not have a namespace-scoped owner, owner's namespace {ownerNamespace}", nameof(owner));
        }

        if (!string.Equals(ownerNamespace, childNamespace, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"cross-namespace owner references are disallowed, owner's namespace {ownerNamespace}, obj's namespace {childNamespace}", nameof(owner));
        }
    }

    private static void Upsert(IKubernetesObject<V1ObjectMeta> child, V1OwnerReference reference)
    {
        child.Metadata ??= new V1ObjectMeta();
        var references = child.Metadata.OwnerReferences ??= [];
        var index = references.ToList().FindIndex(r => ReferSameObject(r, reference));
        if (index >= 0)
        {
            references[index] = reference;
        }
        else
        {
            references.Add(reference);
        }
    }

    // controllerutil.referSameObject: the same group, kind and name (the version may differ; the UID is not compared so a
    // recreated owner takes over its predecessor's reference).
    private static bool ReferSameObject(V1OwnerReference a, V1OwnerReference b) =>
        string.Equals(ObjectReferences.SplitApiVersion(a.ApiVersion).Group, ObjectReferences.SplitApiVersion(b.ApiVersion).Group, StringComparison.Ordinal)
        && string.Equals(a.Kind, b.Kind, StringComparison.Ordinal)
        && string.Equals(a.Name, b.Name, StringComparison.Ordinal);
}
