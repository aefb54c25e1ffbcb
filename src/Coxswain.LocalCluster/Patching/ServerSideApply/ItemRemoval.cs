using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// Removes the members of a field set from a value (structured-merge-diff's <c>RemoveItems</c>): a member field or list
/// item goes with everything below it; a path through a container leads the removal inside it. A container emptied by
/// the removal disappears too, as upstream turns it into null.
/// </summary>
internal static class ItemRemoval
{
    public static JsonObject Remove(MergeSchema schema, JsonObject value, FieldSet toRemove) =>
        RemoveFrom(schema, value, toRemove) as JsonObject ?? new JsonObject();

    static JsonNode? RemoveFrom(MergeSchema schema, JsonNode? value, FieldSet toRemove)
    {
        switch (ValueShapes.Of(schema, value))
        {
            case ValueShape.Fields:
            {
                var source = value!.AsObject();
                if (source.Count == 0) return source.DeepClone();
                var result = new JsonObject();
                foreach (var (key, child) in source)
                {
                    var element = PathElement.Field(key);
                    if (toRemove.IsMember(element)) continue;
                    var below = toRemove.WithPrefix(element);
                    if (below.IsEmpty) result[key] = child?.DeepClone();
                    else if (RemoveFrom(schema.Field(key), child, below) is { } kept) result[key] = kept;
                }
                return result.Count > 0 ? result : null;
            }
            case ValueShape.Items:
            {
                var source = value!.AsArray();
                if (source.Count == 0) return source.DeepClone();
                var result = new JsonArray();
                foreach (var item in source)
                {
                    if (ListItemKeys.Of(schema, item, out _) is not { } element)
                    {
                        result.Add(item?.DeepClone());
                        continue;
                    }
                    if (toRemove.IsMember(element)) continue;
                    var below = toRemove.WithPrefix(element);
                    if (below.IsEmpty) result.Add(item?.DeepClone());
                    else if (RemoveFrom(schema.Items, item, below) is { } kept) result.Add(kept);
                }
                return result.Count > 0 ? result : null;
            }
            default:
                return value?.DeepClone();
        }
    }
}
