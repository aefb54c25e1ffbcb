using System.Text.Json.Nodes;

namespace Coxswain.Runtime.Patching;

/// <summary>One operation of a JSON patch (RFC 6902) produced by <see cref="JsonPatchDiff"/>.</summary>
/// <param name="Op"><c>add</c>, <c>remove</c> or <c>replace</c>.</param>
/// <param name="Path">JSON pointer, e.g. <c>/containers/0/image</c>.</param>
/// <param name="Value">The new value (null for <c>remove</c>).</param>
public sealed record JsonPatchOperation(string Op, string Path, JsonNode? Value);

/// <summary>
/// Computes the JSON patch (RFC 6902) between two documents the way gomodules.xyz/jsonpatch's <c>CreatePatch</c> does,
/// which OpenKruise uses to decide what a template change touches and controller-runtime's <c>PatchResponseFromRaw</c>
/// answers a mutating admission review with: members added or removed are <c>add</c>/<c>remove</c>,
/// objects and arrays recurse (arrays index by index, extra tail items added or removed from the end), any other
/// difference is a <c>replace</c> of the value.
/// </summary>
public static class JsonPatchDiff
{
    /// <summary>The operations turning <paramref name="original"/> into <paramref name="modified"/>; empty when equal.</summary>
    public static IReadOnlyList<JsonPatchOperation> Create(JsonNode? original, JsonNode? modified)
    {
        var operations = new List<JsonPatchOperation>();
        Compare(original, modified, "", operations);
        return operations;
    }

    /// <summary>The same operations in RFC 6902's wire form, e.g. for an AdmissionReview response.</summary>
    public static JsonArray CreatePatch(JsonNode? original, JsonNode? modified) => ToPatch(Create(original, modified));

    /// <summary>Operations in RFC 6902's wire form.</summary>
    public static JsonArray ToPatch(IEnumerable<JsonPatchOperation> operations) => new([.. operations.Select(o => (JsonNode)ToJson(o))]);

    static JsonObject ToJson(JsonPatchOperation operation)
    {
        var json = new JsonObject { ["op"] = operation.Op, ["path"] = operation.Path };
        if (operation.Op != "remove") json["value"] = operation.Value?.DeepClone();
        return json;
    }

    static void Compare(JsonNode? original, JsonNode? modified, string path, List<JsonPatchOperation> operations)
    {
        if (JsonNode.DeepEquals(original, modified)) return;
        switch (original, modified)
        {
            case (JsonObject o, JsonObject m):
                foreach (var (name, value) in m)
                {
                    var child = $"{path}/{JsonPatchBuilder.Escape(name)}";
                    if (!o.TryGetPropertyValue(name, out var before)) operations.Add(new("add", child, value?.DeepClone()));
                    else Compare(before, value, child, operations);
                }
                foreach (var (name, _) in o)
                    if (!m.ContainsKey(name)) operations.Add(new("remove", $"{path}/{JsonPatchBuilder.Escape(name)}", null));
                break;
            case (JsonArray o, JsonArray m):
                var common = Math.Min(o.Count, m.Count);
                for (var i = 0; i < common; i++) Compare(o[i], m[i], $"{path}/{i}", operations);
                for (var i = common; i < m.Count; i++) operations.Add(new("add", $"{path}/{i}", m[i]?.DeepClone()));
                for (var i = o.Count - 1; i >= common; i--) operations.Add(new("remove", $"{path}/{i}", null));
                break;
            default:
                operations.Add(new("replace", path, modified?.DeepClone()));
                break;
        }
    }
}
