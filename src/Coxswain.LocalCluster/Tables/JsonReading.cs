using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// Null-safe reads of wire-JSON objects with Go zero-value semantics: a missing or mistyped field reads as
/// absent, exactly as an unset field of the Go struct the printers work on.
/// </summary>
internal static class JsonReading
{
    public static JsonNode? At(this JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node)) return null;
        }
        return node;
    }

    public static string? StringAt(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The string, or "" when absent: Go's zero value for a string field.</summary>
    public static string TextAt(this JsonNode? node, params ReadOnlySpan<string> path) => node.StringAt(path) ?? "";

    public static long? IntegerAt(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && TryGetInteger(v, out var l) ? l : null;

    public static bool? BoolAt(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static JsonObject? ObjectAt(this JsonNode? node, params ReadOnlySpan<string> path) => node.At(path) as JsonObject;

    /// <summary>The array's elements, or none when absent.</summary>
    public static IReadOnlyList<JsonNode?> ArrayAt(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonArray array ? new ReadOnlyCollection<JsonNode?>(array) : [];

    /// <summary>The string elements of an array field such as externalIPs; other elements are skipped.</summary>
    public static IReadOnlyList<string> StringsAt(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.ArrayAt(path)
            .OfType<JsonValue>()
            .Where(v => v.GetValueKind() == JsonValueKind.String)
            .Select(v => v.GetValue<string>())
            .ToList();

    /// <summary>Number of entries of a map or list field (Go's <c>len()</c>), 0 when absent.</summary>
    public static int CountAt(this JsonNode? node, params ReadOnlySpan<string> path) => node.At(path) switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    /// <summary>A string-to-string map such as labels or a selector; non-string values are skipped.</summary>
    public static IReadOnlyDictionary<string, string> StringMapAt(this JsonNode? node, params ReadOnlySpan<string> path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.At(path) is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String) map[key] = v.GetValue<string>();
            }
        }
        return map;
    }

    /// <summary>
    /// Integer value of a JSON number whichever CLR type backs it: parsed documents hold a JsonElement,
    /// objects built in code may hold an int or a long.
    /// </summary>
    public static bool TryGetInteger(JsonValue value, out long result)
    {
        result = 0;
        if (value.GetValueKind() != JsonValueKind.Number) return false;
        if (value.TryGetValue(out result)) return true;
        if (value.TryGetValue(out int i)) { result = i; return true; }
        if (value.TryGetValue(out JsonElement e) && e.TryGetInt64(out result)) return true;
        if (TryGetDouble(value, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18) { result = (long)d; return true; }
        return false;
    }

    public static bool TryGetDouble(JsonValue value, out double result)
    {
        result = 0;
        if (value.GetValueKind() != JsonValueKind.Number) return false;
        if (value.TryGetValue(out result)) return true;
        if (value.TryGetValue(out long l)) { result = l; return true; }
        if (value.TryGetValue(out int i)) { result = i; return true; }
        if (value.TryGetValue(out decimal m)) { result = (double)m; return true; }
        return value.TryGetValue(out JsonElement e) && e.TryGetDouble(out result);
    }
}
