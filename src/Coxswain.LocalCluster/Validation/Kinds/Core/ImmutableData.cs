using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Core;

/// <summary>The `immutable: true` contract of ConfigMaps and Secrets.</summary>
internal static class ImmutableData
{
    const string Message = "field is immutable when `immutable` is set";

    public static IEnumerable<FieldError> Validate(JsonObject newObj, JsonObject oldObj, params string[] dataFields)
    {
        if (oldObj.Bool("immutable") != true) yield break;
        if (newObj.Bool("immutable") != true) yield return FieldError.Forbidden(FieldPath.Root("immutable"), Message);
        foreach (var field in dataFields)
            if (!JsonFields.DeepEquals(newObj[field], oldObj[field])) yield return FieldError.Forbidden(FieldPath.Root(field), Message);
    }
}
