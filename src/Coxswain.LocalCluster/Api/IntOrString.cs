using System.Globalization;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Api;

/// <summary>
/// apimachinery's util/intstr for the fields that hold "5" or "25%" (PodDisruptionBudget minAvailable/maxUnavailable,
/// rolling-update surges): reading them from wire JSON and scaling percentages against a total.
/// </summary>
public static class IntOrString
{
    /// <summary>
    /// GetScaledValueFromIntOrPercent: an integer as is, a percentage of <paramref name="total"/> rounded up or down.
    /// Returns the error text upstream wraps ("invalid value for IntOrString: …") when the value is neither.
    /// </summary>
    public static (int Value, string? Error) Scaled(JsonNode? value, int total, bool roundUp)
    {
        if (value is null) return (0, "nil value for IntOrString");
        if (value is JsonValue v && JsonFields.AsLong(v) is { } number) return ((int)number, null);
        if (value is not JsonValue sv || !sv.TryGetValue<string>(out var text))
            return (0, "invalid value for IntOrString: invalid type: neither int nor percentage");
        if (!text.EndsWith('%')) return (0, "invalid value for IntOrString: invalid type: string is not a percentage");
        var digits = text[..^1];
        if (!int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
            return (0, $"invalid value for IntOrString: invalid value {GoQuoting.Quote(text)}: strconv.Atoi: parsing {GoQuoting.Quote(digits)}: invalid syntax");
        var scaled = (double)percent * total / 100;
        return ((int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled)), null);
    }

    /// <summary>How Go's %#v prints an intstr.IntOrString value, which is what field errors about one show.</summary>
    public static StringerValue GoSyntax(JsonNode? value) => value is JsonValue v && JsonFields.AsLong(v) is { } n
        ? new StringerValue($"intstr.IntOrString{{Type:0, IntVal:{n}, StrVal:\"\"}}")
        : new StringerValue($"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{GoQuoting.Quote((string?)(value as JsonValue) ?? "")}}}");
}
