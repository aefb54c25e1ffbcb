using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Strategies;

/// <summary>ValidateImmutableField over wire JSON: a semantic (nil == empty) comparison, reported with the new value.</summary>
public static class ImmutableFields
{
    public static IEnumerable<FieldError> Check(JsonNode? newValue, JsonNode? oldValue, FieldPath path)
    {
        if (!JsonFields.DeepEquals(newValue, oldValue))
            yield return FieldError.Invalid(path, newValue ?? JsonValue.Create(""), ValidationText.Immutable);
    }
}
