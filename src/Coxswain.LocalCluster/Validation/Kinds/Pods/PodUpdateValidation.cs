using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>
/// ValidatePodUpdate's spec rules: a pod's spec is immutable except container images, activeDeadlineSeconds (only
/// shortened), tolerations (only added), scheduling gates (only removed) and a negative grace period raised to 1.
/// </summary>
public static class PodUpdateValidation
{
    const string UpdatableFields =
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`," +
        "`spec.tolerations` (only additions to existing tolerations)," +
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    static readonly FieldPath SpecPath = FieldPath.Root("spec");

    public static IEnumerable<FieldError> Validate(JsonObject? newSpec, JsonObject? oldSpec)
    {
        foreach (var list in (string[])["containers", "initContainers"])
        {
            var (errors, stop) = ValidateContainerImages(newSpec.Arr(list), oldSpec.Arr(list), SpecPath.Child(list));
            foreach (var e in errors) yield return e;
            if (stop) yield break;
        }

        var deadlinePath = SpecPath.Child("activeDeadlineSeconds");
        var newDeadline = newSpec.Long("activeDeadlineSeconds");
        var oldDeadline = oldSpec.Long("activeDeadlineSeconds");
        if (newDeadline is { } deadline)
        {
            if (deadline is < 0 or > int.MaxValue)
            {
                yield return FieldError.Invalid(deadlinePath, deadline, ValidationText.InclusiveRange(0, int.MaxValue));
                yield break;
            }
            if (oldDeadline is { } previous && previous < deadline)
            {
                yield return FieldError.Invalid(deadlinePath, deadline, "must be less than or equal to previous value");
                yield break;
            }
        }
        else if (oldDeadline is not null)
        {
            yield return FieldError.Invalid(deadlinePath, null, "must not update from a positive integer to nil value");
        }

        foreach (var e in ValidateOnlyAddedTolerations(newSpec.Arr("tolerations"), oldSpec.Arr("tolerations"))) yield return e;
        foreach (var e in ValidateOnlyDeletedSchedulingGates(newSpec.Arr("schedulingGates"), oldSpec.Arr("schedulingGates"))) yield return e;

        if (JsonFields.DeepEquals(newSpec, oldSpec)) yield break;
        var munged = MaskUpdatableFields(newSpec, oldSpec);
        if (!JsonFields.DeepEquals(munged, oldSpec))
            yield return FieldError.Forbidden(SpecPath,
                $"pod updates may not change fields other than {UpdatableFields}\n{JsonDiff.Describe(oldSpec, munged, "spec")}");
    }

    static (List<FieldError> Errors, bool Stop) ValidateContainerImages(JsonArray? newContainers, JsonArray? oldContainers, FieldPath path)
    {
        if ((newContainers?.Count ?? 0) != (oldContainers?.Count ?? 0))
            return ([FieldError.Forbidden(path, "pod updates may not add or remove containers")], true);
        var errors = new List<FieldError>();
        foreach (var (i, container) in newContainers.Objects())
        {
            var image = container.StrOrEmpty("image");
            if (image.Length == 0) errors.Add(FieldError.Required(path.Index(i).Child("image")));
            if (image.Trim().Length != image.Length)
                errors.Add(FieldError.Invalid(path.Index(i).Child("image"), image, "must not have leading or trailing whitespace"));
        }
        return (errors, false);
    }

    /// <summary>Every old toleration must still be there, though its tolerationSeconds may change.</summary>
    static IEnumerable<FieldError> ValidateOnlyAddedTolerations(JsonArray? newTolerations, JsonArray? oldTolerations)
    {
        var path = SpecPath.Child("tolerations");
        var current = newTolerations.Objects().Select(t => WithoutSeconds(t.Item)).ToList();
        foreach (var (_, old) in oldTolerations.Objects())
        {
            var oldKey = WithoutSeconds(old);
            if (!current.Any(t => JsonFields.DeepEquals(t, oldKey)))
            {
                yield return FieldError.Forbidden(path, "existing toleration can not be modified except its tolerationSeconds");
                yield break;
            }
        }
        foreach (var e in TolerationValidation.ValidateTolerations(newTolerations, path)) yield return e;
    }

    static JsonObject WithoutSeconds(JsonObject toleration)
    {
        var copy = (JsonObject)toleration.DeepClone();
        copy.Remove("tolerationSeconds");
        return copy;
    }

    static IEnumerable<FieldError> ValidateOnlyDeletedSchedulingGates(JsonArray? newGates, JsonArray? oldGates)
    {
        var oldNames = oldGates.Objects().Select(g => g.Item.StrOrEmpty("name")).ToHashSet();
        foreach (var (i, gate) in newGates.Objects())
        {
            var name = gate.StrOrEmpty("name");
            if (!oldNames.Contains(name))
                yield return FieldError.Forbidden(SpecPath.Child("schedulingGates").Index(i).Child("name"),
                    $"only deletion is allowed, but found new scheduling gate '{name}'");
        }
    }

    /// <summary>The new spec with every field that may change put back to its old value, for the final equality test.</summary>
    static JsonObject MaskUpdatableFields(JsonObject? newSpec, JsonObject? oldSpec)
    {
        var munged = (JsonObject?)newSpec?.DeepClone() ?? [];
        foreach (var list in (string[])["containers", "initContainers"])
            foreach (var (i, container) in munged.Arr(list).Objects())
                container["image"] = oldSpec.Arr(list)?[i]?["image"]?.DeepClone();
        foreach (var field in (string[])["activeDeadlineSeconds", "schedulingGates", "tolerations"])
        {
            munged.Remove(field);
            if (oldSpec?[field] is { } old) munged[field] = old.DeepClone();
        }
        if (oldSpec.Long("terminationGracePeriodSeconds") is < 0 && munged.Long("terminationGracePeriodSeconds") == 1)
            munged["terminationGracePeriodSeconds"] = oldSpec!["terminationGracePeriodSeconds"]!.DeepClone();
        return munged;
    }
}
