using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Policy;

/// <summary>
/// policy/v1 PodDisruptionBudgets (pkg/registry/policy/poddisruptionbudget, pkg/apis/policy/validation): a new budget
/// starts with an empty status, which the disruption controller fills in; the spec may change at any time.
/// </summary>
public sealed class PodDisruptionBudgetStrategy()
    : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    static readonly string[] UnhealthyPodEvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"];

    /// <summary>The empty PodDisruptionBudgetStatus as Go serializes it (its counters are not omitempty).</summary>
    public static JsonObject EmptyStatus() => new()
    {
        ["disruptionsAllowed"] = 0, ["currentHealthy"] = 0, ["desiredHealthy"] = 0, ["expectedPods"] = 0,
    };

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = EmptyStatus();

    public override void PrepareForUpdate(JsonObject newObj, JsonObject oldObj) => KeepOldStatus(newObj, oldObj);

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        var path = FieldPath.Root("spec");
        if (spec.Has("minAvailable") && spec.Has("maxUnavailable"))
            yield return FieldError.Invalid(path, spec, "minAvailable and maxUnavailable cannot be both set");
        foreach (var field in new[] { "minAvailable", "maxUnavailable" })
            if (spec?[field] is { } value)
                foreach (var e in ValidatePositiveIntOrPercent(value, path.Child(field))) yield return e;
        List<FieldError> selectorErrors;
        try { selectorErrors = LabelSelectorValidation.Validate(spec.Obj("selector"), path.Child("selector")); }
        catch (InvalidLabelSelectorException e) { selectorErrors = [FieldError.Invalid(path.Child("selector"), spec?["selector"], e.Message)]; }
        foreach (var e in selectorErrors) yield return e;
        if (spec.Str("unhealthyPodEvictionPolicy") is { } policy && !UnhealthyPodEvictionPolicies.Contains(policy))
            yield return FieldError.NotSupported(path.Child("unhealthyPodEvictionPolicy"), policy, UnhealthyPodEvictionPolicies);
    }

    /// <summary>ValidatePodDisruptionBudgetStatusUpdate (policy/v1): the counters the disruption controller writes are never negative.</summary>
    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var status = newObj.Obj("status");
        var path = FieldPath.Root("status");
        foreach (var field in new[] { "disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods" })
            if (status.Long(field) is < 0 and var n)
                yield return FieldError.Invalid(path.Child(field), n, ValidationText.NonNegative);
    }

    /// <summary>apps validation's ValidatePositiveIntOrPercent and IsNotMoreThan100Percent.</summary>
    static IEnumerable<FieldError> ValidatePositiveIntOrPercent(JsonNode value, FieldPath path)
    {
        var shown = IntOrString.GoSyntax(value);
        if (value is JsonValue v && JsonFields.AsLong(v) is { } number)
        {
            if (number < 0) yield return FieldError.Invalid(path, number, ValidationText.NonNegative);
            yield break;
        }
        if (value is not JsonValue sv || !sv.TryGetValue<string>(out var text))
        {
            yield return FieldError.Invalid(path, shown, "must be an integer or percentage (e.g '5%')");
            yield break;
        }
        if (!IsValidPercent(text))
        {
            yield return FieldError.Invalid(path, shown,
                ValidationText.Regex("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%"));
            yield break;
        }
        if (int.TryParse(text[..^1], out var percent) && percent > 100) yield return FieldError.Invalid(path, shown, "must not be greater than 100%");
    }

    static bool IsValidPercent(string text) => text.Length > 1 && text[^1] == '%' && text[..^1].All(char.IsAsciiDigit);
}
