using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// Object validation of a metav1.LabelSelector field (apimachinery's <c>metav1validation.ValidateLabelSelector</c>), as
/// the strategies of Deployments, webhook configurations and the like run it on create and update.
/// </summary>
public static class LabelSelectorValidation
{
    /// <summary>
    /// The field errors of the selector at <paramref name="fieldPath"/> (e.g. "spec.selector"); null is valid.
    /// Every error message of the label key and value rules becomes its own field error, as upstream reports them.
    /// </summary>
    /// <exception cref="InvalidLabelSelectorException">When the JSON does not have the shape of a LabelSelector.</exception>
    public static List<FieldError> Validate(JsonObject? selector, string fieldPath)
    {
        var errors = new List<FieldError>();
        if (selector is null) return errors;
        var content = LabelSelectorJson.Read(selector);

        string matchLabelsPath = fieldPath + ".matchLabels";
        foreach (var (key, value) in content.MatchLabels)
        {
            AddEach(errors, matchLabelsPath, key, LabelSyntax.IsLabelKey(key));
            AddEach(errors, matchLabelsPath, value, LabelSyntax.IsLabelValue(value));
        }

        for (int i = 0; i < content.MatchExpressions.Count; i++)
        {
            var expression = content.MatchExpressions[i];
            string path = $"{fieldPath}.matchExpressions[{i}]";
            int valueCount = expression.Values?.Count ?? 0;
            switch (expression.Operator)
            {
                case "In" or "NotIn" when valueCount == 0:
                    errors.Add(FieldError.Required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    break;
                case "Exists" or "DoesNotExist" when valueCount > 0:
                    errors.Add(FieldError.Forbidden(path + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    errors.Add(SelectorFieldErrors.Invalid(path + ".operator", expression.Operator, "not a valid selector operator"));
                    break;
            }
            AddEach(errors, path + ".key", expression.Key, LabelSyntax.IsLabelKey(expression.Key));
            for (int v = 0; v < valueCount; v++)
            {
                var value = expression.Values![v];
                AddEach(errors, $"{path}.values[{v}]", value, LabelSyntax.IsLabelValue(value));
            }
        }
        return errors;
    }

    static void AddEach(List<FieldError> errors, string path, string value, IReadOnlyList<string> messages)
    {
        foreach (var message in messages) errors.Add(SelectorFieldErrors.Invalid(path, value, message));
    }
}
