using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coxswain.Apis.Apps.Models;
using Coxswain.Apis.Apps.Pub;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Validation;
using Coxswain.LocalCluster.Validation.Kinds.Pods;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.Runtime.Patching;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Apis.Apps.V1Alpha1;

/// <summary>
/// The rules of OpenKruise's <c>vcloneset.kb.io</c> validating webhook, as pure functions returning field errors with
/// OpenKruise's paths and messages. The webhook renders them into one denial.
/// </summary>
public static partial class CloneSetValidation
{
    /// <summary>
    /// Looks up a pod of the CloneSet's namespace for <c>scaleStrategy.podsToDelete</c>; null when it does not exist.
    /// </summary>
    public delegate V1Pod? PodLookup(string name);

    static readonly FieldPath Spec = FieldPath.Root("spec");

    /// <summary>validateCloneSet on create.</summary>
    public static List<FieldError> ValidateCreate(CloneSet cloneSet, PodLookup? findPod = null) =>
        [.. ValidateSpec(cloneSet, oldSpec: null, findPod)];

    /// <summary>validateCloneSetUpdate: the spec fields that may change, InPlaceOnly's image-only rule, then the create rules.</summary>
    public static List<FieldError> ValidateUpdate(CloneSet cloneSet, CloneSet oldCloneSet, PodLookup? findPod = null)
    {
        var errors = new List<FieldError>();
        if (!OnlyMutableFieldsChanged(cloneSet.Spec, oldCloneSet.Spec))
            errors.Add(FieldError.Forbidden(Spec,
                "updates to cloneset spec for fields other than 'replicas', 'template', 'lifecycle', 'scaleStrategy', 'updateStrategy', 'minReadySeconds', 'volumeClaimTemplates' and 'revisionHistoryLimit' are forbidden"));
        if (InPlaceOnlyViolation(oldCloneSet, cloneSet) is { } violation) errors.Add(FieldError.Forbidden(Spec, violation));
        errors.AddRange(ValidateSpec(cloneSet, oldCloneSet.Spec, findPod));
        return errors;
    }

    static IEnumerable<FieldError> ValidateSpec(CloneSet cloneSet, CloneSetSpec? oldSpec, PodLookup? findPod)
    {
        var spec = cloneSet.Spec;
        var replicas = spec.Replicas ?? CloneSetDefaults.DefaultReplicas;
        if (replicas < 0) yield return FieldError.Invalid(Spec.Child("replicas"), replicas, "must be greater than or equal to 0");

        var template = ModelJson.ToJsonObject(spec.Template);
        var selectorPath = Spec.Child("selector");
        if (spec.Selector is null)
        {
            yield return FieldError.Required(selectorPath);
        }
        else
        {
            var selectorJson = ModelJson.ToJsonObject(spec.Selector);
            foreach (var e in LabelValidation.ValidateLabelSelector(selectorJson, selectorPath)) yield return e;
            if ((spec.Selector.MatchLabels?.Count ?? 0) + (spec.Selector.MatchExpressions?.Count ?? 0) == 0)
                yield return FieldError.Invalid(selectorPath, selectorJson, "empty selector is invalid for cloneset");

            LabelSelector? selector = null;
            string? selectorError = null;
            try { selector = LabelSelector.FromLabelSelectorJson(selectorJson); }
            catch (InvalidLabelSelectorException e) { selectorError = e.Message; }
            if (selectorError is not null)
            {
                yield return FieldError.Invalid(selectorPath, selectorJson, "");
            }
            else
            {
                var labels = (template["metadata"] as JsonObject)?["labels"] as JsonObject;
                if (!selector!.IsEmpty && !selector.MatchesLabels(labels))
                    yield return FieldError.Invalid(Spec.Child("template", "metadata", "labels"), labels ?? new JsonObject(),
                        "`selector` does not match template `labels`");
                foreach (var e in ValidatePodTemplate(template, spec.VolumeClaimTemplates)) yield return e;
            }
        }

        var restartPolicy = spec.Template.Spec?.RestartPolicy;
        if (!string.IsNullOrEmpty(restartPolicy) && restartPolicy != "Always")
            yield return FieldError.NotSupported(Spec.Child("template", "spec", "restartPolicy"), restartPolicy, ["Always"]);
        if (spec.Template.Spec?.ActiveDeadlineSeconds is not null)
            yield return FieldError.Forbidden(Spec.Child("template", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in cloneset is not Supported");

        foreach (var e in ValidateScaleStrategy(spec.ScaleStrategy, oldSpec?.ScaleStrategy, cloneSet.Metadata, findPod)) yield return e;
        foreach (var e in ValidateUpdateStrategy(spec.UpdateStrategy, replicas)) yield return e;
    }

    /// <summary>ValidatePodTemplateSpec, with each volumeClaimTemplate standing in as a PVC volume as OpenKruise mocks it.</summary>
    static IEnumerable<FieldError> ValidatePodTemplate(JsonObject template, IList<V1PersistentVolumeClaim>? claimTemplates)
    {
        var path = Spec.Child("template");
        var metadata = template["metadata"] as JsonObject;
        foreach (var e in LabelValidation.ValidateLabels(metadata?["labels"] as JsonObject, path.Child("metadata", "labels"))) yield return e;
        foreach (var e in AnnotationValidation.ValidateAnnotations(metadata?["annotations"] as JsonObject, path.Child("metadata", "annotations"))) yield return e;
        var podSpec = template["spec"]?.DeepClone().AsObject() ?? new JsonObject();
        if (claimTemplates is { Count: > 0 })
        {
            var volumes = podSpec["volumes"] as JsonArray ?? [];
            podSpec["volumes"] = volumes;
            foreach (var claim in claimTemplates)
                volumes.Add(new JsonObject
                {
                    ["name"] = claim.Metadata?.Name,
                    ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim.Metadata?.Name },
                });
        }
        foreach (var e in PodSpecValidation.ValidatePodSpec(podSpec, path.Child("spec"))) yield return e;
    }

    static IEnumerable<FieldError> ValidateScaleStrategy(CloneSetScaleStrategy strategy, CloneSetScaleStrategy? oldStrategy, V1ObjectMeta metadata, PodLookup? findPod)
    {
        var path = Spec.Child("scaleStrategy", "podsToDelete");
        var podsToDelete = strategy.PodsToDelete ?? [];
        var duplicated = podsToDelete.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicated.Count > 0)
        {
            yield return FieldError.Invalid(path, new JsonArray(podsToDelete.Select(n => (JsonNode)n).ToArray()), $"duplicated items [{string.Join(" ", duplicated)}]");
            yield break;
        }
        if (findPod is null) yield break;

        // Only names new in this write are checked: earlier ones may already be gone.
        var added = new SortedSet<string>(podsToDelete, StringComparer.Ordinal);
        added.ExceptWith(oldStrategy?.PodsToDelete ?? []);
        foreach (var name in added)
        {
            var pod = findPod(name);
            if (pod is null)
                yield return FieldError.Invalid(path, name, $"find pod {name} failed: pods \"{name}\" not found");
            else if (pod.Metadata.DeletionTimestamp is not null)
                yield return FieldError.Invalid(path, name, $"find pod {name} already terminating");
            else if (pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is not { } owner || owner.Uid != metadata.Uid)
                yield return FieldError.Invalid(path, name, $"find pod {name} owner is not this CloneSet");
        }
    }

    static IEnumerable<FieldError> ValidateUpdateStrategy(CloneSetUpdateStrategy strategy, int replicas)
    {
        var path = Spec.Child("updateStrategy");
        if (strategy.Type is not (CloneSetUpdateStrategyTypes.ReCreate or CloneSetUpdateStrategyTypes.InPlaceIfPossible or CloneSetUpdateStrategyTypes.InPlaceOnly))
            yield return FieldError.Invalid(path.Child("type"), strategy.Type ?? "",
                $"must be '{CloneSetUpdateStrategyTypes.ReCreate}', {CloneSetUpdateStrategyTypes.InPlaceIfPossible} or '{CloneSetUpdateStrategyTypes.InPlaceOnly}'");

        var (partition, partitionError) = Scaled(strategy.Partition, replicas);
        if (partitionError is not null)
            yield return FieldError.Invalid(path.Child("partition"), strategy.Partition?.Value ?? "", $"failed GetScaledValueFromIntOrPercent for partition: {partitionError}");
        if (partition < 0) yield return FieldError.Invalid(path.Child("partition"), partition, "must be greater than or equal to 0");

        if (PriorityStrategyError(strategy.PriorityStrategy) is { } priorityError)
            yield return FieldError.Required(path.Child("priorityStrategy"), priorityError);
        if (ScatterStrategyError(strategy.ScatterStrategy) is { } scatterError)
            yield return FieldError.Required(path.Child("scatterStrategy"), scatterError);

        var maxUnavailable = 0;
        if (strategy.MaxUnavailable is not null)
        {
            (maxUnavailable, var error) = Scaled(strategy.MaxUnavailable, replicas);
            if (error is not null)
                yield return FieldError.Invalid(path.Child("maxUnavailable"), strategy.MaxUnavailable.Value, $"failed GetScaledValueFromIntOrPercent for maxUnavailable: {error}");
        }
        var maxSurge = 0;
        if (strategy.MaxSurge is not null)
        {
            (maxSurge, var error) = Scaled(strategy.MaxSurge, replicas);
            if (error is not null)
                yield return FieldError.Invalid(path.Child("maxSurge"), strategy.MaxSurge.Value, $"failed GetScaledValueFromIntOrPercent for maxSurge: {error}");
            if (strategy.Type == CloneSetUpdateStrategyTypes.InPlaceOnly && maxSurge > 0)
                yield return FieldError.Invalid(path.Child("maxSurge"), strategy.MaxSurge.Value, "can not use maxSurge with strategy type InPlaceOnly");
        }
        if (replicas > 0 && maxUnavailable < 1 && maxSurge < 1)
            yield return FieldError.Invalid(path.Child("maxUnavailable"), strategy.MaxUnavailable?.Value,
                "maxUnavailable and maxSurge should not both be less than 1");
    }

    /// <summary>UpdatePriorityStrategy.FieldsValidation.</summary>
    static string? PriorityStrategyError(UpdatePriorityStrategy? strategy)
    {
        if (strategy is null) return null;
        if (strategy.WeightPriority is { Count: > 0 } && strategy.OrderPriority is { Count: > 0 })
            return "only one of weightPriority and orderPriority can be used";
        foreach (var term in strategy.WeightPriority ?? [])
        {
            if (term.Weight is < 0 or > 100) return "weight must be valid number in the range 1-100";
            if ((term.MatchSelector.MatchLabels?.Count ?? 0) + (term.MatchSelector.MatchExpressions?.Count ?? 0) == 0) return "selector can not be empty";
            try { LabelSelector.FromLabelSelectorJson(ModelJson.ToJsonObject(term.MatchSelector)); }
            catch (InvalidLabelSelectorException e) { return $"invalid selector {e.Message}"; }
        }
        return strategy.OrderPriority?.Any(o => o.OrderedKey.Length == 0) == true ? "order key can not be empty" : null;
    }

    /// <summary>UpdateScatterStrategy.FieldsValidation.</summary>
    static string? ScatterStrategyError(IList<UpdateScatterTerm>? strategy)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in strategy ?? [])
        {
            if (term.Key.Length == 0) return "key should not be empty";
            if (!seen.Add($"{term.Key}:{term.Value}")) return $"duplicated key={term.Key} value={term.Value}";
        }
        return null;
    }

    static (int Value, string? Error) Scaled(IntOrString? value, int replicas)
    {
        if (value is null) return (0, "nil value for IntOrString");
        try { return (IntOrPercent.GetScaledValue(value, replicas, roundUp: true), null); }
        catch (FormatException e) { return (0, e.Message); }
    }

    /// <summary>Whether only the fields OpenKruise lets an update change differ (in effect: the selector is immutable).</summary>
    static bool OnlyMutableFieldsChanged(CloneSetSpec spec, CloneSetSpec oldSpec)
    {
        static JsonObject Immutable(CloneSetSpec s)
        {
            var json = ModelJson.ToJsonObject(s);
            foreach (var mutable in (string[])["replicas", "template", "scaleStrategy", "updateStrategy", "minReadySeconds", "lifecycle", "revisionHistoryLimit", "volumeClaimTemplates"])
                json.Remove(mutable);
            return json;
        }
        return JsonNode.DeepEquals(Immutable(spec), Immutable(oldSpec));
    }

    /// <summary>
    /// With InPlaceOnly, the pod spec may change only by <c>replace /containers/N/image</c>; the message names the
    /// first other operation, as OpenKruise's ValidateCloneSetUpdate does.
    /// </summary>
    public static string? InPlaceOnlyViolation(CloneSet oldCloneSet, CloneSet cloneSet)
    {
        if (cloneSet.Spec.UpdateStrategy.Type != CloneSetUpdateStrategyTypes.InPlaceOnly) return null;
        var operations = JsonPatchDiff.Create(
            ModelJson.ToJsonObject(oldCloneSet.Spec.Template.Spec ?? new V1PodSpec()),
            ModelJson.ToJsonObject(cloneSet.Spec.Template.Spec ?? new V1PodSpec()));
        foreach (var operation in operations)
            if (operation.Op != "replace" || !ContainerImagePath().IsMatch(operation.Path))
                return $"only allowed to update images in spec for {CloneSetUpdateStrategyTypes.InPlaceOnly}, but found {operation.Op} {operation.Path}";
        return null;
    }

    [GeneratedRegex("^/containers/([0-9]+)/image$")]
    private static partial Regex ContainerImagePath();
}
