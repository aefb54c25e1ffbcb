using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching.StrategicMerge;

/// <summary>The directive keys of strategic merge patch and the small helpers the patcher and the differ share.</summary>
internal static class StrategicMergeDirectives
{
    /// <summary><c>"$patch": "replace" | "delete" | "merge"</c> in a map or a list item.</summary>
    public const string Patch = "$patch";
    public const string Replace = "replace";
    public const string Delete = "delete";
    public const string Merge = "merge";

    /// <summary>Keys of a retainKeys-strategy map to keep; every other key of the original is cleared.</summary>
    public const string RetainKeys = "$retainKeys";
    /// <summary><c>$setElementOrder/&lt;list&gt;</c>: the intended order of a merged list (merge keys or primitive values).</summary>
    public const string SetElementOrderPrefix = "$setElementOrder";
    /// <summary><c>$deleteFromPrimitiveList/&lt;list&gt;</c>: values to remove from a merged list of primitives.</summary>
    public const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";

    public static bool IsSetElementOrder(string key) => key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal);
    public static bool IsDeleteFromPrimitiveList(string key) => key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal);

    /// <summary>The list a parallel directive key names: "$setElementOrder/containers" → "containers".</summary>
    public static string ListKey(string directiveKey, string prefix)
    {
        var slash = directiveKey.IndexOf('/');
        if (slash < 0 || directiveKey[..slash] != prefix)
            throw prefix == SetElementOrderPrefix
                ? StrategicMergePatchException.BadSetElementOrderList()
                : StrategicMergePatchException.BadPrimitiveList();
        return directiveKey[(slash + 1)..];
    }

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The Go type a decoded value has: patches replace rather than merge values whose types differ.</summary>
    public static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null => JsonValueKind.Null,
        JsonValueKind.False => JsonValueKind.True,
        var kind => kind.Value,
    };

    /// <summary>Takes the entries out of <paramref name="obj"/> so that their nodes can be attached elsewhere.</summary>
    public static List<KeyValuePair<string, JsonNode?>> Detach(JsonObject obj)
    {
        var entries = obj.ToList();
        obj.Clear();
        return entries;
    }

    /// <summary>Takes the items out of <paramref name="list"/> so that their nodes can be attached elsewhere.</summary>
    public static List<JsonNode?> Detach(JsonArray list)
    {
        var items = list.ToList();
        list.Clear();
        return items;
    }

    /// <summary>Sorts scalars as apimachinery's <c>sortScalars</c> does: by their "%v" text.</summary>
    public static List<JsonNode?> SortScalars(IEnumerable<JsonNode?> values) =>
        values.OrderBy(GoFormat.Value, StringComparer.Ordinal).ToList();
}
