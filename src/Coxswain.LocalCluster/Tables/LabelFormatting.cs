using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// Apimachinery's label renderings: <c>labels.FormatLabels</c> for plain maps and
/// <c>metav1.LabelSelectorAsSelector(...).String()</c> / <c>metav1.FormatLabelSelector</c> for LabelSelectors.
/// </summary>
public static class LabelFormatting
{
    public const string None = "<none>";

    /// <summary><c>labels.FormatLabels</c>: "k1=v1,k2=v2" sorted by key, or "&lt;none&gt;" when empty.</summary>
    public static string FormatLabels(IReadOnlyDictionary<string, string> labels)
    {
        var text = string.Join(",", labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        return text.Length == 0 ? None : text;
    }

    /// <summary><c>metav1.FormatLabelSelector</c>: the selector string, "&lt;none&gt;" when it selects nothing or everything, "&lt;error&gt;" when malformed.</summary>
    public static string FormatLabelSelector(JsonObject? selector)
    {
        var text = TrySelectorString(selector);
        return text switch
        {
            null => "<error>",
            "" => None,
            _ => text,
        };
    }

    /// <summary>
    /// <c>LabelSelectorAsSelector(selector).String()</c>: requirements sorted by key and joined by ",";
    /// "" for a null or empty selector; null when the selector cannot be converted.
    /// </summary>
    public static string? TrySelectorString(JsonObject? selector)
    {
        if (selector is null) return "";
        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector.StringMapAt("matchLabels"))
        {
            requirements.Add((key, $"{key}={value}"));
        }
        foreach (var expression in selector.ArrayAt("matchExpressions"))
        {
            var requirement = TryRequirementString(expression);
            if (requirement is null) return null;
            requirements.Add(requirement.Value);
        }
        // labels.internalSelector sorts its requirements by key only.
        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    static (string Key, string Text)? TryRequirementString(JsonNode? expression)
    {
        var key = expression.TextAt("key");
        var values = expression.ArrayAt("values")
            .Select(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : null)
            .ToList();
        if (values.Contains(null)) return null;
        // labels.Requirement.String() prints multiple values sorted, without changing the selector itself.
        var valueList = string.Join(",", values.Order(StringComparer.Ordinal));
        return expression.TextAt("operator") switch
        {
            "In" when values.Count > 0 => (key, $"{key} in ({valueList})"),
            "NotIn" when values.Count > 0 => (key, $"{key} notin ({valueList})"),
            "Exists" when values.Count == 0 => (key, key),
            "DoesNotExist" when values.Count == 0 => (key, "!" + key),
            _ => null,
        };
    }
}
