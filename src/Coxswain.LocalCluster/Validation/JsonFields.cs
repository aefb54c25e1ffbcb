using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// Lenient readers over the wire JSON. A field of the wrong JSON type reads as absent: decoding errors are reported
/// by the server's typed decoding, so validators only have to reason about well-typed values.
/// </summary>
internal static class JsonFields
{
    public static JsonObject? Obj(this JsonObject? o, string name) => o?[name] as JsonObject;

    public static JsonArray? Arr(this JsonObject? o, string name) => o?[name] as JsonArray;

    public static string? Str(this JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The string value, with absent treated as "" the way Go's zero value reads.</summary>
    public static string StrOrEmpty(this JsonObject? o, string name) => o.Str(name) ?? "";

    public static long? Long(this JsonObject? o, string name) => o?[name] is JsonValue v ? AsLong(v) : null;

    /// <summary>
    /// An integral JSON number. Values parsed from the wire and values created in code (int, long) are stored
    /// differently by System.Text.Json, so both are accepted; fractions read as absent.
    /// </summary>
    public static long? AsLong(JsonValue v)
    {
        if (v.GetValueKind() != JsonValueKind.Number) return null;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        return decimal.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
               && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue
            ? (long)d
            : null;
    }

    public static bool? Bool(this JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static bool Has(this JsonObject? o, string name) => o is not null && o.TryGetPropertyValue(name, out var n) && n is not null;

    /// <summary>Objects of an array, each with its index; non-object items are skipped (typed decoding rejects them).</summary>
    public static IEnumerable<(int Index, JsonObject Item)> Objects(this JsonArray? a)
    {
        if (a is null) yield break;
        for (var i = 0; i < a.Count; i++)
            if (a[i] is JsonObject item) yield return (i, item);
    }

    /// <summary>String items of an array with their index (non-strings read as "").</summary>
    public static IEnumerable<(int Index, string Value)> Strings(this JsonArray? a)
    {
        if (a is null) yield break;
        for (var i = 0; i < a.Count; i++)
            yield return (i, a[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "");
    }

    /// <summary>String-valued entries of a map (labels, annotations, data, selectors); non-strings read as "".</summary>
    public static IEnumerable<KeyValuePair<string, string>> StringMap(this JsonObject? map)
    {
        if (map is null) yield break;
        foreach (var (k, v) in map)
            yield return new(k, v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : "");
    }

    /// <summary>Returns the child object, creating it (and storing it) when absent or not an object.</summary>
    public static JsonObject GetOrAddObject(this JsonObject o, string name)
    {
        if (o[name] is JsonObject existing) return existing;
        var created = new JsonObject();
        o[name] = created;
        return created;
    }

    /// <summary>Sets a default: only when the field is absent or null, mirroring Go's "if zero then set".</summary>
    public static void Default(this JsonObject o, string name, JsonNode value)
    {
        if (!o.Has(name)) o[name] = value;
    }

    /// <summary>Sets a string default when the field is absent, null or "" (Go's zero string).</summary>
    public static void DefaultString(this JsonObject o, string name, string value)
    {
        if (string.IsNullOrEmpty(o.Str(name))) o[name] = value;
    }

    /// <summary>
    /// apimachinery's Semantic.DeepEqual over wire JSON: like Go's forked reflect.DeepEqual, a nil list equals an empty one,
    /// so null members and empty arrays count as absent. Empty objects are kept: they may be set struct pointers.
    /// </summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(Canonical(a), Canonical(b));

    static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                    if (Canonical(v) is { } c) copy[k] = c;
                return copy;
            case JsonArray { Count: 0 }:
                return null;
            case JsonArray a:
                var items = new JsonArray();
                foreach (var item in a) items.Add(Canonical(item));
                return items;
            default:
                return node?.DeepClone();
        }
    }
}
