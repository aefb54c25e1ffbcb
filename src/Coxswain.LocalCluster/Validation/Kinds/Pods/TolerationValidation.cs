using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>Pod tolerations and taint effects (ValidateTolerations, validateTaintEffect).</summary>
public static class TolerationValidation
{
    /// <summary>In upstream's declaration order, which NotSupported errors print.</summary>
    public static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public static IEnumerable<FieldError> ValidateTolerations(JsonArray? tolerations, FieldPath path)
    {
        foreach (var (i, toleration) in tolerations.Objects())
        {
            var itemPath = path.Index(i);
            var key = toleration.StrOrEmpty("key");
            var op = toleration.StrOrEmpty("operator");
            var value = toleration.StrOrEmpty("value");
            var effect = toleration.StrOrEmpty("effect");

            if (key.Length > 0)
                foreach (var e in LabelValidation.ValidateLabelName(key, itemPath.Child("key"))) yield return e;
            if (key.Length == 0 && op != "Exists")
                yield return FieldError.Invalid(itemPath.Child("operator"), op,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
            if (toleration.Has("tolerationSeconds") && effect != "NoExecute")
                yield return FieldError.Invalid(itemPath.Child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");

            switch (op)
            {
                case "Equal" or "":
                    var valueErrors = LabelFormats.IsLabelValue(value);
                    if (valueErrors.Count > 0) yield return FieldError.Invalid(itemPath.Child("operator"), value, string.Join(";", valueErrors));
                    break;
                case "Exists":
                    if (value.Length > 0) yield return FieldError.Invalid(itemPath.Child("operator"), value, "value must be empty when `operator` is 'Exists'");
                    break;
                default:
                    yield return FieldError.NotSupported(itemPath.Child("operator"), op, ["Equal", "Exists"]);
                    break;
            }

            if (effect.Length > 0 && !TaintEffects.Contains(effect))
                yield return FieldError.NotSupported(itemPath.Child("effect"), effect, TaintEffects);
        }
    }
}
