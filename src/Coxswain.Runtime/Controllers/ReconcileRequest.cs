using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Controllers;

/// <summary>
/// Asks a controller to reconcile one object, named by namespace and name (controller-runtime's <c>reconcile.Request</c>).
/// <see cref="Reason"/> says why, for logs and traces (kube-rs's <c>ReconcileReason</c>); it is deliberately left out of
/// equality so the work queue de-duplicates requests for the same object whatever triggered them.
/// </summary>
public readonly struct ReconcileRequest : IEquatable<ReconcileRequest>
{
    public ReconcileRequest(string? @namespace, string name, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        Name = name;
        Reason = reason ?? ReconcileReasons.Unknown;
    }

    /// <summary>The object's namespace; null for cluster-scoped objects.</summary>
    public string? Namespace { get; }

    public string Name { get; }

    /// <summary>Why the reconcile was requested, e.g. <c>object updated</c>.</summary>
    public string Reason { get; }

    /// <summary>The same request with another reason.</summary>
    public ReconcileRequest WithReason(string reason) => new(Namespace, Name, reason);

    /// <summary>
    /// kube-rs's rendering of an object reference, <c>Kind.version.group/name.namespace</c> (e.g.
    /// <c>Pod.v1./web-0.default</c>); without a known kind just <c>name.namespace</c>. Used as the <c>object.ref</c> tag.
    /// </summary>
    public string ToObjectRef(ApiResource? kind) => kind is not null
        ? ObjectReferences.Format(kind, Name, Namespace)
        : Namespace is null ? Name : $"{Name}.{Namespace}";

    /// <summary>A request to reconcile <paramref name="obj"/> itself.</summary>
    public static ReconcileRequest For(IKubernetesObject<V1ObjectMeta> obj, string? reason = null) =>
        new(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? throw new ArgumentException("The object has no name.", nameof(obj)), reason);

    public bool Equals(ReconcileRequest other) =>
        string.Equals(Namespace, other.Namespace, StringComparison.Ordinal) && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ReconcileRequest other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Namespace, Name);

    /// <summary><c>namespace/name</c>, or <c>name</c> when cluster-scoped, as controller-runtime prints a request.</summary>
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";

    public static bool operator ==(ReconcileRequest left, ReconcileRequest right) => left.Equals(right);

    public static bool operator !=(ReconcileRequest left, ReconcileRequest right) => !left.Equals(right);
}
