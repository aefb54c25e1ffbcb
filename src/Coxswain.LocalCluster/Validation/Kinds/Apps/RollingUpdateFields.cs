using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Kinds.Apps;

/// <summary>
/// <c>ValidateRollingUpdateDeployment</c> / <c>ValidateRollingUpdateDaemonSet</c>: maxUnavailable and maxSurge are
/// non-negative integers or percentages up to 100%, and (for Deployments) not both zero.
/// </summary>
internal static class RollingUpdateFields
{
    public static IEnumerable<FieldError> Validate(JsonObject rollingUpdate, FieldPath path, bool allowBothZero)
    {
        var unavailable = rollingUpdate["maxUnavailable"];
        var surge = rollingUpdate["maxSurge"];
        foreach (var error in ValidateIntOrPercent(unavailable, path.Child("maxUnavailable"))) yield return error;
        foreach (var error in ValidateIntOrPercent(surge, path.Child("maxSurge"))) yield return error;
        if (!allowBothZero && IsZero(unavailable) && IsZero(surge))
            yield return FieldError.Invalid(path.Child("maxUnavailable"), Render(unavailable), "may not be 0 when `maxSurge` is 0");
    }

    static IEnumerable<FieldError> ValidateIntOrPercent(JsonNode? value, FieldPath path)
    {
        if (value is null) yield break;
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            if (JsonFields.AsLong(value.AsValue()) is < 0 and var negative) yield return FieldError.Invalid(path, negative, ValidationText.NonNegative);
            yield break;
        }

        var text = value.GetValue<string>();
        if (!text.EndsWith('%') || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            yield return FieldError.Invalid(path, text, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
            yield break;
        }

        if (percent > 100) yield return FieldError.Invalid(path, text, "must not be greater than 100%");
    }

    static bool IsZero(JsonNode? value) => value is null || (value.GetValueKind() == JsonValueKind.Number
        ? JsonFields.AsLong(value.AsValue()) == 0
        : value.GetValue<string>() is "0%" or "0");

    static object? Render(JsonNode? value) => value is null ? 0L : value.GetValueKind() == JsonValueKind.Number ? JsonFields.AsLong(value.AsValue()) : value.GetValue<string>();
}
