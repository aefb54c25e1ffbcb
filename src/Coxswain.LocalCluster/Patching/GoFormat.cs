using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tables;

namespace Coxswain.LocalCluster.Patching;

/// <summary>
/// Go's <c>fmt</c> "%v" of a decoded JSON value, which apimachinery's patch errors embed: <c>map[k:v k2:v2]</c> (keys
/// sorted, as Go prints maps), <c>[a b]</c> for slices, <c>&lt;nil&gt;</c> for null, strings unquoted.
/// </summary>
internal static class GoFormat
{
    public static string Value(JsonNode? node) => node switch
    {
        null => "<nil>",
        JsonObject o => "map[" + string.Join(" ", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{Value(kv.Value)}")) + "]",
        JsonArray a => "[" + string.Join(" ", a.Select(Value)) + "]",
        _ => GoValueText.Print(node),
    };

    /// <summary>The <c>reflect.Kind</c> name of the Go value a JSON value decodes to (for "expected a map, but received a slice").</summary>
    public static string KindName(JsonNode? node) => node switch
    {
        null => "invalid",
        JsonObject => "map",
        JsonArray => "slice",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "bool",
            _ => GoValueText.TryGetDecodedInteger(v, out _) ? "int64" : "float64",
        },
        _ => "invalid",
    };
}
