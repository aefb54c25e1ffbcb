using System.Text.Json.Nodes;

namespace Coxswain.Runtime.Patching;

/// <summary>
/// Computes the JSON merge patch (RFC 7386) between two documents: for objects, changed and added members with their new
/// value, removed members as <c>null</c>, recursing into nested objects; anything else (arrays, scalars) is replaced
/// whole when it differs. Applying the result to the original yields the modified document, except that members
/// explicitly set to <c>null</c> in the modified document are removed (merge patch cannot express a stored null).
/// </summary>
public static class MergePatchDiff
{
    /// <summary>The patch from <paramref name="original"/> to <paramref name="modified"/>; empty when they are equal.</summary>
    public static JsonObject Create(JsonObject original, JsonObject modified)
    {
        var patch = new JsonObject();
        foreach (var (name, value) in modified)
        {
            if (!original.TryGetPropertyValue(name, out var before))
            {
                if (value is not null)
                {
                    patch[name] = value.DeepClone();
                }
            }
            else if (before is JsonObject beforeObject && value is JsonObject valueObject)
            {
                var nested = Create(beforeObject, valueObject);
                if (nested.Count > 0)
                {
                    patch[name] = nested;
                }
            }
            else if (!JsonNode.DeepEquals(before, value))
            {
                patch[name] = value?.DeepClone();
            }
        }

        foreach (var (name, before) in original)
        {
            if (before is not null && !modified.ContainsKey(name))
            {
                patch[name] = null;
            }
        }

        return patch;
    }
}
