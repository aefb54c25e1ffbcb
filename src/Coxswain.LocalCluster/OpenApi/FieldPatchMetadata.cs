using System.Text.Json.Nodes;

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
    /// <summary>
    /// Values of <see cref="ListMapKeys"/> an item may omit because the field has a default (Go <c>+default</c>),
    /// e.g. a container port's protocol: server-side apply identifies such an item as if the default were written.
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode> ListMapKeyDefaults { get; init; } = new Dictionary<string, JsonNode>();

    public const string MergeStrategy = "merge";
    public const string RetainKeysStrategy = "retainKeys";

    /// <summary>
    /// The merge facts an OpenAPI schema carries as <c>x-kubernetes-*</c> extensions (CRD schemas, imported ones);
    /// null when it carries none.
    /// </summary>
    public static FieldPatchMetadata? FromExtensions(JsonObject? extensions)
    {
        if (extensions is null) return null;
        string? Text(string name) => extensions[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var keys = extensions["x-kubernetes-list-map-keys"] is JsonArray a
            ? a.Select(k => k is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
            : [];
        var metadata = new FieldPatchMetadata
        {
            PatchStrategy = Text("x-kubernetes-patch-strategy"),
            PatchMergeKey = Text("x-kubernetes-patch-merge-key"),
            ListType = Text("x-kubernetes-list-type"),
            ListMapKeys = keys,
            MapType = Text("x-kubernetes-map-type"),
        };
        return metadata is { PatchStrategy: null, PatchMergeKey: null, ListType: null, MapType: null } && keys.Count == 0 ? null : metadata;
    }

    public bool HasMergeStrategy => PatchStrategy?.Split(',').Contains(MergeStrategy) == true;
    public bool HasRetainKeysStrategy => PatchStrategy?.Split(',').Contains(RetainKeysStrategy) == true;
}
