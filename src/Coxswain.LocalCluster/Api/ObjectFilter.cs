using Coxswain.LocalCluster.Storage;

namespace Coxswain.LocalCluster.Api;

/// <summary>What a list or watch keeps: a namespace restriction plus parsed label and field selectors.</summary>
public sealed class ObjectFilter(string? ns, Func<ObjectAttributes, bool>? selectors = null)
{
    public static readonly ObjectFilter Everything = new(null);

    public string? Namespace { get; } = string.IsNullOrEmpty(ns) ? null : ns;

    /// <summary>Whether label or field selectors narrow the result (kube omits remainingItemCount then).</summary>
    public bool HasSelectors => selectors is not null;

    public bool Matches(StoredObject? obj) =>
        obj is not null && (Namespace is null || obj.Attributes.Namespace == Namespace) && (selectors is null || selectors(obj.Attributes));
}
