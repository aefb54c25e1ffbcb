using System.Text;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// Describes how two JSON values differ, one "- path: old" / "+ path: new" pair per changed leaf. Upstream appends a
/// go-cmp diff of the Go structs to "may not change" errors; its exact text cannot be reproduced from JSON, so this
/// keeps the intent (telling the user what changed) in a stable form.
/// </summary>
internal static class JsonDiff
{
    public static string Describe(JsonNode? oldValue, JsonNode? newValue, string path)
    {
        var sb = new StringBuilder();
        Walk(oldValue, newValue, path, sb);
        return sb.ToString();
    }

    static void Walk(JsonNode? oldValue, JsonNode? newValue, string path, StringBuilder sb)
    {
        if (JsonFields.DeepEquals(oldValue, newValue)) return;
        switch (oldValue, newValue)
        {
            case (JsonObject o, JsonObject n):
                foreach (var key in o.Select(p => p.Key).Union(n.Select(p => p.Key)))
                    Walk(o[key], n[key], $"{path}.{key}", sb);
                break;
            case (JsonArray o, JsonArray n) when o.Count == n.Count:
                for (var i = 0; i < o.Count; i++) Walk(o[i], n[i], $"{path}[{i}]", sb);
                break;
            default:
                sb.Append("- ").Append(path).Append(": ").Append(oldValue?.ToJsonString() ?? "null").Append('\n');
                sb.Append("+ ").Append(path).Append(": ").Append(newValue?.ToJsonString() ?? "null").Append('\n');
                break;
        }
    }
}
