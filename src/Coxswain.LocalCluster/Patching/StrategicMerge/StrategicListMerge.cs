using System.Text.Json;
using System.Text.Json.Nodes;
using static Coxswain.LocalCluster.Patching.StrategicMerge.StrategicMergeDirectives;

namespace Coxswain.LocalCluster.Patching.StrategicMerge;

/// <summary>
/// The list half of strategic merge patch: merging lists with the "merge" strategy (objects by merge key, primitives as
/// a union), the list-item directives, and the ordering rules of apimachinery's <c>normalizeElementOrder</c>: items the
/// patch names follow the patch's (or <c>$setElementOrder</c>'s) order, items only the server has keep the server's,
/// and the two are interleaved by the server's order where both are known.
/// </summary>
internal static class StrategicListMerge
{
    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/> (owned by the call) for a "merge" list.</summary>
    public static JsonArray MergeList(JsonArray original, JsonArray patch, MergeSchema list)
    {
        var current = Detach(original);
        var patchItems = Detach(patch.DeepClone().AsArray());
        if (current.Count == 0 && patchItems.Count == 0) return new JsonArray();

        var kind = ElementKind(current, patchItems);
        if (kind != JsonValueKind.Object)
        {
            var union = Deduplicate(current.Concat(patchItems));
            return Ordered(union, order: patchItems, serverOrder: current, mergeKey: null);
        }

        var mergeKey = list.PatchMergeKey
            ?? throw StrategicMergePatchException.Unknown("cannot merge lists without merge key for type struct");
        var (server, toMerge) = ApplySpecialItems(current, patchItems, mergeKey);
        var merged = MergeByKey(server, toMerge, mergeKey, list.Items);
        return Ordered(merged, order: toMerge, serverOrder: server, mergeKey);
    }

    /// <summary><c>$deleteFromPrimitiveList</c>: every occurrence of each listed value is removed.</summary>
    public static JsonArray DeleteFromPrimitiveList(JsonArray original, JsonArray toDelete) =>
        new(Detach(original).Where(v => !toDelete.Any(d => JsonNode.DeepEquals(d, v))).ToArray());

    /// <summary>
    /// Handles each <c>$setElementOrder/&lt;list&gt;</c> of <paramref name="patch"/> together with the list it orders: the
    /// list is merged, then ordered by the directive. Both keys leave the patch.
    /// </summary>
    public static void MergeOrderedLists(JsonObject original, JsonObject patch, MergeSchema schema)
    {
        foreach (var directiveKey in patch.Select(kv => kv.Key).Where(IsSetElementOrder).ToList())
        {
            var orderNode = patch[directiveKey];
            patch.Remove(directiveKey);
            if (orderNode is not JsonArray order) throw StrategicMergePatchException.BadArgType("slice", orderNode);
            var key = ListKey(directiveKey, SetElementOrderPrefix);
            var field = schema.Field(key);
            var originalList = original[key];
            var patchList = patch[key];
            if (originalList is not (null or JsonArray)) throw StrategicMergePatchException.BadArgType("slice", originalList);
            if (patchList is not (null or JsonArray)) throw StrategicMergePatchException.BadArgType("slice", patchList);
            var mergeKey = field.HasMergeStrategy ? field.PatchMergeKey : null;
            ValidateAgainstOrder(patchList as JsonArray ?? [], order, mergeKey);

            JsonArray merged;
            if (originalList is JsonArray o && patchList is JsonArray p)
                merged = field.HasMergeStrategy ? MergeList(o.DeepClone().AsArray(), p, field) : p.DeepClone().AsArray();
            else if (patchList is JsonArray added)
                merged = (JsonArray)StrategicMergePatch.MergeIntoNothing(added.DeepClone(), field);
            else if (originalList is JsonArray unchanged)
                merged = unchanged.DeepClone().AsArray();
            else
                continue;

            var serverOrder = originalList is JsonArray live ? live.ToList() : [];
            var items = Detach(merged);
            original[key] = items.Count == 0 ? new JsonArray() : Ordered(items, order.ToList(), serverOrder, mergeKey);
            patch.Remove(key);
        }
    }

    /// <summary>
    /// The patch's non-deleting items must appear in <c>$setElementOrder</c>, in its order (apimachinery's
    /// <c>validatePatchWithSetOrderList</c>).
    /// </summary>
    static void ValidateAgainstOrder(JsonArray patchList, JsonArray order, string? mergeKey)
    {
        if (order.Count == 0 || patchList.Count == 0) return;
        var items = mergeKey is null ? patchList.ToList() : patchList.Where(i => DirectiveOf(i) != Delete).ToList();
        int p = 0, o = 0;
        while (p < items.Count && o < order.Count)
        {
            if (items[p] is JsonObject item && item.ContainsKey(Patch))
            {
                p++;
                continue;
            }
            if (SameKey(items[p], order[o], mergeKey)) p++;
            o++;
        }
        if (p < items.Count && o >= order.Count)
            throw StrategicMergePatchException.Unknown(
                $"The order in patch list:\n{GoFormat.Value(patchList)}\n doesn't match {SetElementOrderPrefix} list:\n{GoFormat.Value(order)}\n");
    }

    /// <summary>
    /// Applies <c>$patch: delete</c> items to the server list and <c>$patch: replace</c> to the whole list. Returns the
    /// server list to merge into and the patch items left to merge.
    /// </summary>
    static (List<JsonNode?> Server, List<JsonNode?> ToMerge) ApplySpecialItems(List<JsonNode?> server, List<JsonNode?> patch, string mergeKey)
    {
        var toMerge = new List<JsonNode?>();
        var replace = false;
        foreach (var node in patch)
        {
            var item = (JsonObject)node!;
            if (!item.TryGetPropertyValue(Patch, out var directive))
            {
                toMerge.Add(item);
                continue;
            }
            switch (Text(directive))
            {
                case Delete:
                    if (!item.TryGetPropertyValue(mergeKey, out var keyValue)) throw StrategicMergePatchException.NoMergeKey(item, mergeKey);
                    server = server.Where(s => !(s is JsonObject so && so.TryGetPropertyValue(mergeKey, out var v) && JsonNode.DeepEquals(v, keyValue))).ToList();
                    break;
                case Replace:
                    replace = true; // the other special items are still dropped
                    break;
                case Merge:
                    item.Remove(Patch);
                    toMerge.Add(item);
                    break;
                default:
                    throw StrategicMergePatchException.Unknown($"unknown patch type: {GoFormat.Value(directive)} in map: {GoFormat.Value(item)}");
            }
        }
        return replace ? (toMerge, []) : (server, toMerge);
    }

    /// <summary>Each patch item merges into the server item with its merge key, or is appended.</summary>
    static List<JsonNode?> MergeByKey(List<JsonNode?> server, List<JsonNode?> patch, string mergeKey, MergeSchema itemSchema)
    {
        var merged = new List<JsonNode?>(server);
        foreach (var node in patch)
        {
            var item = (JsonObject)node!;
            if (!item.TryGetPropertyValue(mergeKey, out var keyValue)) throw StrategicMergePatchException.NoMergeKey(item, mergeKey);
            var index = FindByKey(merged, mergeKey, keyValue);
            // Merging consumes its patch; the item itself stays intact because it also orders the result.
            var itemPatch = item.DeepClone().AsObject();
            if (index >= 0) merged[index] = StrategicMergePatch.MergeMap(merged[index]!.AsObject(), itemPatch, itemSchema);
            else merged.Add(StrategicMergePatch.MergeMap(new JsonObject(), itemPatch, itemSchema));
        }
        return merged;
    }

    static int FindByKey(List<JsonNode?> items, string mergeKey, JsonNode? keyValue)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject o) throw StrategicMergePatchException.Unknown($"value for key {i} is not a map.");
            if (o.TryGetPropertyValue(mergeKey, out var v) && JsonNode.DeepEquals(v, keyValue)) return i;
        }
        return -1;
    }

    /// <summary>
    /// apimachinery's <c>normalizeElementOrder</c>: the items named by <paramref name="order"/> sorted by it, the others
    /// by <paramref name="serverOrder"/>, then interleaved — a server-only item goes first only when the server had it
    /// before the next named item.
    /// </summary>
    static JsonArray Ordered(List<JsonNode?> items, List<JsonNode?> order, List<JsonNode?> serverOrder, string? mergeKey)
    {
        if (mergeKey is not null)
        {
            foreach (var node in items.Concat(order))
                if (node is not JsonObject o || !o.ContainsKey(mergeKey)) throw StrategicMergePatchException.NoMergeKey(node, mergeKey);
        }
        var named = items.Where(i => IndexOf(order, i, mergeKey) >= 0).OrderBy(i => IndexOf(order, i, mergeKey)).ToList();
        var serverOnly = items.Where(i => IndexOf(order, i, mergeKey) < 0).OrderBy(i => IndexOf(serverOrder, i, mergeKey)).ToList();

        var result = new JsonArray();
        int s = 0, n = 0;
        while (s < serverOnly.Count || n < named.Count)
        {
            var takeServer = n >= named.Count
                || (s < serverOnly.Count && IndexOf(serverOrder, serverOnly[s], mergeKey) is var si and >= 0
                    && IndexOf(serverOrder, named[n], mergeKey) is var ni and >= 0 && si < ni);
            result.Add(takeServer ? serverOnly[s++] : named[n++]);
        }
        return result;
    }

    static int IndexOf(List<JsonNode?> list, JsonNode? item, string? mergeKey)
    {
        for (var i = 0; i < list.Count; i++)
            if (SameKey(list[i], item, mergeKey)) return i;
        return -1;
    }

    /// <summary>Whether two items are the same list entry: equal merge key values, or equal primitives.</summary>
    static bool SameKey(JsonNode? a, JsonNode? b, string? mergeKey)
    {
        if (mergeKey is null) return JsonNode.DeepEquals(a, b);
        if (a is not JsonObject ao) throw StrategicMergePatchException.BadArgType("map", a);
        if (b is not JsonObject bo) throw StrategicMergePatchException.BadArgType("map", b);
        if (!ao.TryGetPropertyValue(mergeKey, out var av)) throw StrategicMergePatchException.NoMergeKey(ao, mergeKey);
        if (!bo.TryGetPropertyValue(mergeKey, out var bv)) throw StrategicMergePatchException.NoMergeKey(bo, mergeKey);
        return JsonNode.DeepEquals(av, bv);
    }

    static string? DirectiveOf(JsonNode? item) =>
        item is JsonObject o ? Text(o[Patch]) : throw StrategicMergePatchException.BadArgType("map", item);

    static List<JsonNode?> Deduplicate(IEnumerable<JsonNode?> values)
    {
        var result = new List<JsonNode?>();
        foreach (var v in values)
            if (!result.Any(r => JsonNode.DeepEquals(r, v))) result.Add(v);
        return result;
    }

    /// <summary>The one JSON kind every item of the lists has; lists of lists and mixed lists are errors.</summary>
    internal static JsonValueKind ElementKind(params List<JsonNode?>[] lists)
    {
        JsonValueKind? kind = null;
        foreach (var item in lists.SelectMany(l => l))
        {
            var k = KindOf(item);
            if (k == JsonValueKind.Array) throw StrategicMergePatchException.NoListOfLists();
            if (kind is null) kind = k;
            else if (kind != k)
                throw StrategicMergePatchException.Unknown(
                    $"list element types are not identical: [{string.Join(" ", lists.Select(l => "[" + string.Join(" ", l.Select(GoFormat.Value)) + "]"))}]");
        }
        return kind ?? JsonValueKind.Undefined;
    }
}
