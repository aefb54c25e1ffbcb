using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Kinds.Pods;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Apps;

/// <summary>
/// What apps/v1 Deployments, ReplicaSets and DaemonSets share (k8s.io/kubernetes/pkg/apis/apps/validation): a
/// required, non-empty selector that matches the pod template's labels and never changes, a template whose pods always
/// restart, and the pod spec defaults applied to the template.
/// </summary>
internal static class WorkloadSpecRules
{
    static readonly FieldPath Spec = FieldPath.Root("spec");

    /// <summary>SetDefaults_PodSpec etc. run on the template as on a pod (defaulting recurses into it upstream).</summary>
    public static void DefaultTemplate(JsonObject obj)
    {
        if (obj.Obj("spec")?.Obj("template")?.Obj("spec") is { } podSpec) PodSpecDefaults.Apply(podSpec);
    }

    /// <summary>Clients cannot write a workload's status through the main resource.</summary>
    public static void ResetStatus(JsonObject obj) => obj["status"] = new JsonObject();

    public static IEnumerable<FieldError> Validate(JsonObject obj, string kind)
    {
        var spec = obj.Obj("spec");
        if (spec.Long("replicas") is < 0 and var replicas)
            yield return FieldError.Invalid(Spec.Child("replicas"), replicas, ValidationText.NonNegative);
        if (spec.Long("minReadySeconds") is < 0 and var minReady)
            yield return FieldError.Invalid(Spec.Child("minReadySeconds"), minReady, ValidationText.NonNegative);
        if (spec.Long("revisionHistoryLimit") is < 0 and var limit)
            yield return FieldError.Invalid(Spec.Child("revisionHistoryLimit"), limit, ValidationText.NonNegative);

        var selector = spec.Obj("selector");
        if (selector is null)
        {
            yield return FieldError.Required(Spec.Child("selector"));
        }
        else
        {
            foreach (var error in LabelSelectorValidation.Validate(selector, Spec.Child("selector"))) yield return error;
            if (selector.Obj("matchLabels") is not { Count: > 0 } && selector.Arr("matchExpressions") is not { Count: > 0 })
                yield return FieldError.Invalid(Spec.Child("selector"), selector, $"empty selector is invalid for {kind}");
        }

        var template = spec.Obj("template");
        var templatePath = Spec.Child("template");
        if (template is null)
        {
            yield return FieldError.Required(templatePath);
            yield break;
        }

        var labels = template.Obj("metadata")?.Obj("labels");
        if (selector is not null && !Matches(selector, labels))
            yield return FieldError.Invalid(templatePath.Child("metadata", "labels"), GoStringMap(labels), "`selector` does not match template `labels`");

        var podSpec = template.Obj("spec");
        var restartPolicy = podSpec.StrOrEmpty("restartPolicy");
        if (restartPolicy != "Always")
            yield return FieldError.NotSupported(templatePath.Child("spec", "restartPolicy"), restartPolicy, ["Always"]);
        if (podSpec.Has("activeDeadlineSeconds"))
            yield return FieldError.Forbidden(templatePath.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicaSet is not Supported");
        foreach (var error in PodSpecValidation.ValidatePodSpec(podSpec, templatePath.Child("spec"))) yield return error;
    }

    /// <summary>apps/v1 selectors are immutable (extensions/v1beta1 let them change; apps/v1 does not).</summary>
    public static IEnumerable<FieldError> ValidateUpdate(JsonObject newObj, JsonObject oldObj) =>
        ImmutableFields.Check(newObj.Obj("spec")?["selector"], oldObj.Obj("spec")?["selector"], Spec.Child("selector"));

    static bool Matches(JsonObject selector, JsonObject? labels)
    {
        try
        {
            return LabelSelector.FromLabelSelectorJson(selector).MatchesLabels(labels);
        }
        catch (InvalidLabelSelectorException)
        {
            return true; // already reported by the selector validation
        }
    }

    /// <summary>Go's <c>%#v</c> of a <c>map[string]string</c>, keys sorted as fmt sorts them.</summary>
    static StringerValue GoStringMap(JsonObject? labels) =>
        new(labels is null or { Count: 0 }
            ? "map[string]string(nil)"
            : "map[string]string{" + string.Join(", ", labels.StringMap().OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{GoQuoting.Quote(p.Key)}:{GoQuoting.Quote(p.Value)}")) + "}");
}
