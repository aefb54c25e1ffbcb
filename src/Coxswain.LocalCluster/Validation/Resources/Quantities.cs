using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Coxswain.LocalCluster.Validation.Resources;

/// <summary>resource.Quantity values as they appear in the wire JSON (strings, or bare numbers from YAML).</summary>
public static class Quantities
{
    /// <summary>Parses a quantity; false when the value is not one (typed decoding reports that as a 400).</summary>
    public static bool TryParse(JsonNode? node, out decimal value, out string canonical)
    {
        value = 0;
        canonical = "";
        if (node is not JsonValue v) return false;
        var text = v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(text)) return false;
        // KubernetesClient canonicalizes negative quantities badly ("-1Gi" comes out in exa-units), so the sign is
        // handled here and only magnitudes are parsed.
        var negative = text.StartsWith('-');
        var magnitude = text.TrimStart('-', '+');
        try
        {
            var quantity = new ResourceQuantity(magnitude);
            value = negative ? -quantity.ToDecimal() : quantity.ToDecimal();
            canonical = negative && value != 0 ? "-" + quantity.CanonicalizeString() : quantity.CanonicalizeString();
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    public static decimal ValueOrZero(JsonNode? node) => TryParse(node, out var value, out _) ? value : 0;
}
