using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>How server-side apply walks a value: into its fields, into its items, or not at all (a leaf).</summary>
internal enum ValueShape
{
    /// <summary>Scalars, nulls, atomic objects and lists, and values whose JSON type the schema does not expect.</summary>
    Leaf,
    /// <summary>A struct or a granular map: owned field by field.</summary>
    Fields,
    /// <summary>A "map" or "set" list: owned item by item.</summary>
    Items,
}

internal static class ValueShapes
{
    public static ValueShape Of(MergeSchema schema, JsonNode? value) =>
        schema.IsObject(value) && !schema.IsAtomicObject ? ValueShape.Fields
        : schema.IsList(value) && schema.ListType is "map" or "set" ? ValueShape.Items
        : ValueShape.Leaf;

    /// <summary>structured-merge-diff treats an empty or absent object or list on both sides as a leaf (keeps {} vs null apart).</summary>
    public static bool IsEmptyContainer(JsonNode? value) => value is null || value is JsonObject { Count: 0 } || value is JsonArray { Count: 0 };
}
