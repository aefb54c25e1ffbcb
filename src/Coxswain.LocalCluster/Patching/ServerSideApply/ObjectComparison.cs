using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// What changed between two versions of an object, field by field (structured-merge-diff's <c>Compare</c>): leaves
/// added, modified or removed, and containers (objects, list items) added or removed as a whole.
/// No path is in two of the sets.
/// </summary>
public sealed record ObjectComparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;

    public FieldSet AddedOrModified => Added.Union(Modified);

    /// <summary>The comparison without the fields a write does not own (reset by the strategy, e.g. status).</summary>
    public ObjectComparison Excluding(FieldSet ignored) =>
        new(Added.RecursiveDifference(ignored), Modified.RecursiveDifference(ignored), Removed.RecursiveDifference(ignored));

    /// <param name="ignoreManagedFields">
    /// Leaves <c>metadata.managedFields</c> out, as comparing copies of the objects without them would, without the copies.
    /// </param>
    public static ObjectComparison Compare(MergeSchema schema, JsonNode? before, JsonNode? after, bool ignoreManagedFields = false)
    {
        var comparison = new ObjectComparison(new FieldSet(), new FieldSet(), new FieldSet());
        comparison.Walk(schema, before, after, present: (before is not null, after is not null), [], ignoreManagedFields);
        return comparison;
    }

    /// <summary>How deep an unchanged container is recognised as a whole and skipped (deeper, the check costs more than it saves).</summary>
    const int SkipUnchangedDepth = 5;

    void Walk(MergeSchema schema, JsonNode? before, JsonNode? after, (bool Before, bool After) present, List<PathElement> path, bool ignoreManagedFields)
    {
        // Most writes change a few leaves: an unchanged spec or metadata has nothing to report below it.
        if (present is (true, true) && path.Count < SkipUnchangedDepth && before is JsonObject or JsonArray && JsonNode.DeepEquals(before, after)) return;
        var shape = present.After ? ValueShapes.Of(schema, after) : ValueShapes.Of(schema, before);
        var sameShape = !present.Before || !present.After || ValueShapes.Of(schema, before) == ValueShapes.Of(schema, after);
        var bothEmpty = ValueShapes.IsEmptyContainer(before) && ValueShapes.IsEmptyContainer(after);
        if (shape == ValueShape.Leaf || !sameShape || bothEmpty)
        {
            if (!present.Before) Added.Insert(path);
            else if (!present.After) Removed.Insert(path);
            else if (!JsonNode.DeepEquals(before, after)) Modified.Insert(path);
            return;
        }

        if (shape == ValueShape.Fields)
        {
            var left = before as JsonObject;
            var right = after as JsonObject;
            foreach (var key in Keys(left, right))
            {
                if (ignoreManagedFields && key == "managedFields" && path is [{ Kind: PathElementKind.Field, Text: "metadata" }]) continue;
                var inBefore = left is not null && left.TryGetPropertyValue(key, out _);
                var inAfter = right is not null && right.TryGetPropertyValue(key, out _);
                Walk(schema.Field(key), left?[key], right?[key], (inBefore, inAfter), [.. path, PathElement.Field(key)], ignoreManagedFields);
            }
        }
        else
        {
            var left = before is JsonArray l ? ListItemKeys.Index(schema, l).ToDictionary(i => i.Element, i => i.Item) : [];
            var right = after is JsonArray r ? ListItemKeys.Index(schema, r).ToDictionary(i => i.Element, i => i.Item) : [];
            foreach (var element in left.Keys.Union(right.Keys))
            {
                var inBefore = left.TryGetValue(element, out var b);
                var inAfter = right.TryGetValue(element, out var a);
                Walk(schema.Items, b, a, (inBefore, inAfter), [.. path, element], ignoreManagedFields);
            }
        }

        // A container that appears or disappears as a whole is itself added or removed (FieldsV1's ".").
        if (!present.Before) Added.Insert(path);
        else if (!present.After) Removed.Insert(path);
    }

    static IEnumerable<string> Keys(JsonObject? a, JsonObject? b) =>
        (a?.Select(kv => kv.Key) ?? []).Union(b?.Select(kv => kv.Key) ?? [], StringComparer.Ordinal);
}
