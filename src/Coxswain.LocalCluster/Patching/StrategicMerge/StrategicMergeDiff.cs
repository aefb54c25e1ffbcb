using System.Text.Json;
using System.Text.Json.Nodes;
using static Coxswain.LocalCluster.Patching.StrategicMerge.StrategicMergeDirectives;

namespace Coxswain.LocalCluster.Patching.StrategicMerge;

/// <summary>
/// The strategic merge patch that turns one object into another, as apimachinery's <c>CreateTwoWayMergePatch</c> builds
/// it (with <c>$setElementOrder</c>, as kubectl sends): changed and added fields, <c>null</c> for removed keys,
/// <c>$patch: delete</c> items for objects removed from merge lists, <c>$deleteFromPrimitiveList</c> for primitives,
/// <c>$retainKeys</c> for retainKeys fields, and whole values for lists without the merge strategy.
/// <see cref="StrategicMergePatch.Apply"/> of the result to the original yields the modified object.
/// </summary>
public static class StrategicMergeDiff
{
    public static JsonObject CreateTwoWayMergePatch(JsonObject original, JsonObject modified, MergeSchema schema) =>
        DiffMaps(original, modified, schema, buildRetainKeys: false);

    static JsonObject DiffMaps(JsonObject original, JsonObject modified, MergeSchema schema, bool buildRetainKeys)
    {
        var patch = new JsonObject();
        var retainKeys = new List<JsonNode?>();
        foreach (var (key, modifiedValue) in modified)
        {
            if (buildRetainKeys && modifiedValue is not null) retainKeys.Add(key);
            if (!original.TryGetPropertyValue(key, out var originalValue))
            {
                patch[key] = modifiedValue?.DeepClone();
                continue;
            }
            if (KindOf(originalValue) != KindOf(modifiedValue))
            {
                patch[key] = modifiedValue?.DeepClone();
                continue;
            }
            var field = schema.Field(key);
            switch (originalValue, modifiedValue)
            {
                case (JsonObject o, JsonObject m):
                    var nested = DiffMaps(o, m, field, field.HasRetainKeysStrategy);
                    if (nested.Count > 0) patch[key] = nested;
                    break;
                case (JsonArray o, JsonArray m) when field.HasMergeStrategy:
                    DiffMergeList(key, o, m, field, patch);
                    break;
                default:
                    if (!JsonNode.DeepEquals(originalValue, modifiedValue)) patch[key] = modifiedValue?.DeepClone();
                    break;
            }
        }
        foreach (var (key, _) in original)
            if (!modified.ContainsKey(key)) patch[key] = null;
        if (retainKeys.Count > 0 && patch.Count > 0)
            patch[RetainKeys] = new JsonArray(SortScalars(retainKeys).ToArray());
        return patch;
    }

    /// <summary>A "merge" list's changes: the patch list, the parallel deletion list and the <c>$setElementOrder</c> list.</summary>
    static void DiffMergeList(string key, JsonArray original, JsonArray modified, MergeSchema list, JsonObject patch)
    {
        if (original.Count == 0)
        {
            if (modified.Count > 0) patch[key] = modified.DeepClone();
            return;
        }
        var kind = StrategicListMerge.ElementKind(original.ToList(), modified.ToList());
        List<JsonNode?> changes, deletions = [], order = [];
        if (kind == JsonValueKind.Object)
        {
            var mergeKey = list.PatchMergeKey ?? throw StrategicMergePatchException.Unknown("cannot merge lists without merge key for type struct");
            var (changed, deleted) = DiffListsOfMaps(original, modified, mergeKey, list.Items, list.HasRetainKeysStrategy);
            changes = [.. SortBy(changed, modified, mergeKey), .. deleted];
            if (changes.Count > 0 || !SameOrder(original, modified, mergeKey))
                order = modified.Select(m => (JsonNode?)new JsonObject { [mergeKey] = m![mergeKey]?.DeepClone() }).ToList();
        }
        else
        {
            var added = modified.Where(m => !original.Any(o => JsonNode.DeepEquals(o, m)));
            changes = SortBy(added.Select(a => a?.DeepClone()).ToList(), modified, mergeKey: null);
            deletions = Distinct(original.Where(o => !modified.Any(m => JsonNode.DeepEquals(o, m))));
            if (deletions.Count > 0 || !JsonNode.DeepEquals(original, modified))
                order = modified.Select(m => m?.DeepClone()).ToList();
        }
        if (changes.Count > 0) patch[key] = new JsonArray(changes.ToArray());
        if (deletions.Count > 0) patch[$"{DeleteFromPrimitiveListPrefix}/{key}"] = new JsonArray(SortScalars(deletions).Select(d => d?.DeepClone()).ToArray());
        if (order.Count > 0) patch[$"{SetElementOrderPrefix}/{key}"] = new JsonArray(order.ToArray());
    }

    /// <summary>Changed items (their diff plus the merge key), added items whole, and <c>$patch: delete</c> for removed ones.</summary>
    static (List<JsonNode?> Changed, List<JsonNode?> Deleted) DiffListsOfMaps(
        JsonArray original, JsonArray modified, string mergeKey, MergeSchema itemSchema, bool buildRetainKeys)
    {
        var changed = new List<JsonNode?>();
        var deleted = new List<JsonNode?>();
        foreach (var m in modified)
        {
            var item = m as JsonObject ?? throw StrategicMergePatchException.BadArgType("map", m);
            if (!item.TryGetPropertyValue(mergeKey, out var keyValue)) throw StrategicMergePatchException.NoMergeKey(item, mergeKey);
            var match = original.OfType<JsonObject>().FirstOrDefault(o => o.TryGetPropertyValue(mergeKey, out var v) && JsonNode.DeepEquals(v, keyValue));
            if (match is null)
            {
                changed.Add(item.DeepClone());
                continue;
            }
            var diff = DiffMaps(match, item, itemSchema, buildRetainKeys);
            if (diff.Count == 0) continue;
            diff[mergeKey] = keyValue?.DeepClone();
            changed.Add(diff);
        }
        foreach (var o in original)
        {
            var item = o as JsonObject ?? throw StrategicMergePatchException.BadArgType("map", o);
            if (!item.TryGetPropertyValue(mergeKey, out var keyValue)) throw StrategicMergePatchException.NoMergeKey(item, mergeKey);
            if (!modified.OfType<JsonObject>().Any(m => m.TryGetPropertyValue(mergeKey, out var v) && JsonNode.DeepEquals(v, keyValue)))
                deleted.Add(new JsonObject { [mergeKey] = keyValue?.DeepClone(), [Patch] = Delete });
        }
        return (changed, deleted);
    }

    static List<JsonNode?> SortBy(List<JsonNode?> items, JsonArray order, string? mergeKey)
    {
        int Index(JsonNode? item)
        {
            for (var i = 0; i < order.Count; i++)
                if (mergeKey is null ? JsonNode.DeepEquals(order[i], item) : JsonNode.DeepEquals(order[i]?[mergeKey], item?[mergeKey])) return i;
            return int.MaxValue;
        }
        return items.OrderBy(Index).ToList();
    }

    static bool SameOrder(JsonArray original, JsonArray modified, string mergeKey) =>
        original.Count == modified.Count &&
        original.Zip(modified).All(p => JsonNode.DeepEquals(p.First?[mergeKey], p.Second?[mergeKey]));

    static List<JsonNode?> Distinct(IEnumerable<JsonNode?> values)
    {
        var result = new List<JsonNode?>();
        foreach (var v in values)
            if (!result.Any(r => JsonNode.DeepEquals(r, v))) result.Add(v);
        return result;
    }
}
