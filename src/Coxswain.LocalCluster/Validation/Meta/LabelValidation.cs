using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Meta;

/// <summary>Labels, label keys and label selectors (k8s.io/apimachinery/pkg/apis/meta/v1/validation).</summary>
public static class LabelValidation
{
    public static IEnumerable<FieldError> ValidateLabelName(string name, FieldPath path) =>
        LabelFormats.IsQualifiedName(name).Select(m => FieldError.Invalid(path, name, m));

    /// <summary>Every error is reported against the map itself (not <c>[key]</c>), as upstream does.</summary>
    public static IEnumerable<FieldError> ValidateLabels(JsonObject? labels, FieldPath path)
    {
        foreach (var (key, value) in labels.StringMap())
        {
            foreach (var e in ValidateLabelName(key, path)) yield return e;
            foreach (var m in LabelFormats.IsLabelValue(value)) yield return FieldError.Invalid(path, value, m);
        }
    }

    public static IEnumerable<FieldError> ValidateLabelSelector(JsonObject? selector, FieldPath path)
    {
        if (selector is null) yield break;
        foreach (var e in ValidateLabels(selector.Obj("matchLabels"), path.Child("matchLabels"))) yield return e;
        foreach (var (i, requirement) in selector.Arr("matchExpressions").Objects())
            foreach (var e in ValidateRequirement(requirement, path.Child("matchExpressions").Index(i))) yield return e;
    }

    static IEnumerable<FieldError> ValidateRequirement(JsonObject requirement, FieldPath path)
    {
        var values = requirement.Arr("values");
        var count = values?.Count ?? 0;
        switch (requirement.StrOrEmpty("operator"))
        {
            case "In" or "NotIn":
                if (count == 0) yield return FieldError.Required(path.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
                break;
            case "Exists" or "DoesNotExist":
                if (count > 0) yield return FieldError.Forbidden(path.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                break;
            default:
                yield return FieldError.Invalid(path.Child("operator"), requirement.StrOrEmpty("operator"), "not a valid selector operator");
                break;
        }
        foreach (var e in ValidateLabelName(requirement.StrOrEmpty("key"), path.Child("key"))) yield return e;
        foreach (var (i, value) in values.Strings())
            foreach (var m in LabelFormats.IsLabelValue(value)) yield return FieldError.Invalid(path.Child("values").Index(i), value, m);
    }
}
