namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// How one field merges, as the Go struct tags of k8s.io/api declare it and kube-openapi publishes it:
/// strategic-merge-patch facts (<c>x-kubernetes-patch-strategy</c>, <c>x-kubernetes-patch-merge-key</c>) and
/// server-side-apply facts (<c>x-kubernetes-list-type</c>, <c>x-kubernetes-list-map-keys</c>, <c>x-kubernetes-map-type</c>).
/// </summary>
public sealed record FieldPatchMetadata
{
    /// <summary>"merge", "retainKeys" or "merge,retainKeys"; null means the field is replaced as a whole.</summary>
    public string? PatchStrategy { get; init; }
    /// <summary>The item field that identifies list elements for a "merge" strategy on a list of objects.</summary>
    public string? PatchMergeKey { get; init; }
    /// <summary>"atomic", "set" or "map".</summary>
    public string? ListType { get; init; }
    /// <summary>The keys identifying items of a "map" list.</summary>
    public IReadOnlyList<string> ListMapKeys { get; init; } = [];
    /// <summary>"atomic" or "granular" for object-valued fields (Go <c>+structType</c> / <c>+mapType</c>).</summary>
    public string? MapType { get; init; }

    public const string MergeStrategy = "merge";
    public const string RetainKeysStrategy = "retainKeys";

    public bool HasMergeStrategy => PatchStrategy?.Split(',').Contains(MergeStrategy) == true;
    public bool HasRetainKeysStrategy => PatchStrategy?.Split(',').Contains(RetainKeysStrategy) == true;
}
