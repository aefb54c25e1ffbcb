using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// Builds the field errors selector code reports and renders lists of them the way apimachinery's
/// <c>ErrorList.ToAggregate().Error()</c> does: duplicates dropped, one error bare, several as <c>[a, b]</c>.
/// </summary>
internal static class SelectorFieldErrors
{
    /// <summary>What a Go <c>*field.Path</c> that is nil prints as; the label selector parser validates keys with a nil path.</summary>
    public const string NilPath = "<nil>";

    /// <summary>field.Invalid with a string bad value, quoted as Go's %q does.</summary>
    public static FieldError Invalid(string path, string value, string detail) => InvalidRendered(path, GoText.Quote(value), detail);

    /// <summary>field.Invalid where the caller already rendered the bad value (e.g. a <c>[]string</c>).</summary>
    public static FieldError InvalidRendered(string path, string renderedValue, string detail) =>
        new(path, "FieldValueInvalid", $"Invalid value: {renderedValue}: {detail}");

    public static string Aggregate(IReadOnlyList<FieldError> errors)
    {
        var messages = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        return messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
    }
}
