using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching;

/// <summary>RFC 7386 JSON merge patch: objects merge recursively, <c>null</c> deletes, everything else (lists too) replaces.</summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p) return patch?.DeepClone();
        var result = target as JsonObject is { } t ? t.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in p)
        {
            if (value is null) result.Remove(key);
            else result[key] = Apply(result[key], value);
        }
        return result;
    }

    /// <summary>
    /// The merge patch that turns <paramref name="original"/> into <paramref name="modified"/> (jsonpatch's
    /// CreateMergePatch): changed keys with their new value, objects diffed recursively, removed keys as <c>null</c>.
    /// A <c>null</c> inside <paramref name="modified"/> cannot be expressed (it means "delete" in a merge patch).
    /// </summary>
    public static JsonNode? Diff(JsonNode? original, JsonNode? modified)
    {
        if (original is not JsonObject o || modified is not JsonObject m) return modified?.DeepClone();
        var patch = new JsonObject();
        foreach (var (key, value) in m)
        {
            if (!o.TryGetPropertyValue(key, out var before)) patch[key] = value?.DeepClone();
            else if (before is JsonObject && value is JsonObject)
            {
                var nested = (JsonObject)Diff(before, value)!;
                if (nested.Count > 0) patch[key] = nested;
            }
            else if (!JsonNode.DeepEquals(before, value)) patch[key] = value?.DeepClone();
        }
        foreach (var (key, _) in o)
            if (!m.ContainsKey(key)) patch[key] = null;
        return patch;
    }
}
