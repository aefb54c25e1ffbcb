namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// One field-level validation failure, as apimachinery's field.Error renders it:
/// <c>Field</c> is the JSON path ("spec.containers[0].image"), <c>Reason</c> the cause type
/// ("FieldValueRequired", "FieldValueInvalid", …) and <c>Detail</c> the body ("Required value", "Invalid value: -1: must be …").
/// </summary>
public sealed record FieldError(string Field, string Reason, string Detail)
{
    public override string ToString() => $"{Field}: {Detail}";

    public static FieldError Required(string field, string? detail = null) =>
        new(field, "FieldValueRequired", detail is null ? "Required value" : $"Required value: {detail}");

    public static FieldError Invalid(string field, object? value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {Render(value)}: {detail}");

    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported",
            $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", supported.Select(GoQuoting.Quote))}");

    public static FieldError Forbidden(string field, string detail) => new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    public static FieldError Duplicate(string field, object? value, string? detail = null) =>
        new(field, "FieldValueDuplicate", detail is null ? $"Duplicate value: {Render(value)}" : $"Duplicate value: {Render(value)}: {detail}");

    public static FieldError NotFound(string field, object? value) => new(field, "FieldValueNotFound", $"Not found: {Render(value)}");

    public static FieldError TooMany(string field, int actual, int max) =>
        new(field, "FieldValueTooMany", $"Too many: {actual}: must have at most {max} items");

    public static FieldError TooLong(string field, int max) => new(field, "FieldValueTooLong", $"Too long: may not be more than {max} bytes");

    public static FieldError TypeInvalid(string field, object? value, string detail) =>
        new(field, "FieldValueTypeInvalid", $"Invalid value: {Render(value)}: {detail}");

    /// <summary>
    /// Renders a value the way field.Error.ErrorBody does: strings Go-quoted (<c>%q</c>), numbers and booleans bare.
    /// Structured values (Go prints those with <c>%#v</c>, pointer addresses included) are rendered as compact JSON instead.
    /// </summary>
    public static string Render(object? value) => value switch
    {
        null => "null",
        string s => GoQuoting.Quote(s),
        bool b => b ? "true" : "false",
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var s) => GoQuoting.Quote(s),
        System.Text.Json.Nodes.JsonNode n => n.ToJsonString(),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
