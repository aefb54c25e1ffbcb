using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds: like a merge patch, except that lists of objects with a patch merge key are
/// merged item by item, and the <c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder/…</c> and
/// <c>$deleteFromPrimitiveList/…</c> directives are honoured.
/// <para>The merge key of a list comes from <see cref="MergeKeyOf"/>; by default lists of objects are merged by
/// <c>name</c> when every item has one, which covers containers, volumes, env and the like.</para>
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>Resolves the merge key for the list at a dotted path (e.g. "spec.containers"); null = replace the list.</summary>
    public static Func<string, JsonArray, string?> MergeKeyOf { get; set; } = DefaultMergeKey;

    static string? DefaultMergeKey(string path, JsonArray items) =>
        items.Count > 0 && items.All(i => i is JsonObject o && o["name"] is JsonValue) ? "name" : null;

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => Merge(target, patch, "");

    static JsonNode? Merge(JsonNode? target, JsonNode? patch, string path)
    {
        if (patch is not JsonObject p) return patch?.DeepClone();
        if ((string?)p["$patch"] == "replace")
        {
            var replacement = p.DeepClone().AsObject();
            replacement.Remove("$patch");
            return replacement;
        }
        if ((string?)p["$patch"] == "delete") return null;

        var result = target is JsonObject t ? t.DeepClone().AsObject() : new JsonObject();
        if (p["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet();
            foreach (var k in result.Select(kv => kv.Key).ToList())
                if (!keep.Contains(k)) result.Remove(k);
        }
        foreach (var (key, value) in p)
        {
            if (key is "$patch" or "$retainKeys") continue;
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal)) continue;
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray del)
                    foreach (var d in del) RemoveAll(list, d);
                continue;
            }
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (value is null) result.Remove(key);
            else if (value is JsonArray patchList && result[key] is JsonArray targetList)
                result[key] = MergeList(targetList, patchList, childPath, p[$"$setElementOrder/{key}"] as JsonArray);
            else result[key] = Merge(result[key], value, childPath);
        }
        return result;
    }

    static JsonArray MergeList(JsonArray target, JsonArray patch, string path, JsonArray? order)
    {
        if (patch.Any(i => i is JsonObject o && (string?)o["$patch"] == "replace"))
            return new JsonArray(patch.Where(i => !(i is JsonObject o && o["$patch"] is not null)).Select(i => i?.DeepClone()).ToArray());
        var key = MergeKeyOf(path, target.Count > 0 ? target : patch);
        if (key is null) return patch.DeepClone().AsArray();

        var merged = target.Select(i => i?.DeepClone()).ToList();
        foreach (var item in patch)
        {
            if (item is not JsonObject po) continue;
            var keyValue = po[key];
            var index = merged.FindIndex(m => m is JsonObject mo && JsonNode.DeepEquals(mo[key], keyValue));
            if ((string?)po["$patch"] == "delete")
            {
                if (index >= 0) merged.RemoveAt(index);
                continue;
            }
            if (index >= 0) merged[index] = Merge(merged[index], po, path);
            else merged.Add(Merge(null, po, path));
        }
        if (order is not null)
        {
            // $setElementOrder lists the keys in their intended order; items it does not name keep their place at the end.
            var rank = order.Select((o, i) => (Key: o is JsonObject oo ? oo[key]?.ToJsonString() : o?.ToJsonString(), i))
                .Where(x => x.Key is not null).ToDictionary(x => x.Key!, x => x.i);
            merged = merged.OrderBy(m => m is JsonObject mo && mo[key] is { } kv && rank.TryGetValue(kv.ToJsonString(), out var r) ? r : int.MaxValue)
                .ToList();
        }
        return new JsonArray(merged.ToArray());
    }

    static void RemoveAll(JsonArray list, JsonNode? value)
    {
        for (var i = list.Count - 1; i >= 0; i--)
            if (JsonNode.DeepEquals(list[i], value)) list.RemoveAt(i);
    }
}
