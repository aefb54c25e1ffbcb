using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Resources;

/// <summary>A container's resources: names, quantities and requests not above limits (validateResourceRequirements).</summary>
public static class ResourceRequirementsValidation
{
    const string QuantityFormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    public static IEnumerable<FieldError> ValidateContainer(JsonObject? resources, FieldPath path)
    {
        var limitsPath = path.Child("limits");
        var requestsPath = path.Child("requests");
        var limits = resources.Obj("limits");
        var requests = resources.Obj("requests");
        var cpuOrMemory = false;
        var hugePages = false;

        foreach (var (name, node) in limits ?? [])
        {
            var quantityPath = limitsPath.Key(name);
            foreach (var e in ValidateContainerResourceName(name, quantityPath)) yield return e;
            foreach (var e in ValidateQuantity(name, node, quantityPath)) yield return e;
            hugePages |= ResourceNames.IsHugePages(name);
            cpuOrMemory |= name is "cpu" or "memory";
        }
        foreach (var (name, node) in requests ?? [])
        {
            var quantityPath = requestsPath.Key(name);
            foreach (var e in ValidateContainerResourceName(name, quantityPath)) yield return e;
            foreach (var e in ValidateQuantity(name, node, quantityPath)) yield return e;

            if (Quantities.TryParse(node, out var request, out var requestText))
            {
                if (limits is not null && limits.ContainsKey(name))
                {
                    if (Quantities.TryParse(limits[name], out var limit, out var limitText))
                    {
                        // Resources that cannot be overcommitted need request == limit, the others request <= limit.
                        if (request != limit && !ResourceNames.IsOvercommitAllowed(name))
                            yield return FieldError.Invalid(requestsPath, requestText, $"must be equal to {name} limit of {limitText}");
                        else if (request > limit)
                            yield return FieldError.Invalid(requestsPath, requestText, $"must be less than or equal to {name} limit of {limitText}");
                    }
                }
                else if (!ResourceNames.IsOvercommitAllowed(name))
                {
                    yield return FieldError.Required(limitsPath, "Limit must be set for non overcommitable resources");
                }
            }
            hugePages |= ResourceNames.IsHugePages(name);
            cpuOrMemory |= name is "cpu" or "memory";
        }
        if (hugePages && !cpuOrMemory) yield return FieldError.Forbidden(path, "HugePages require cpu or memory");
    }

    /// <summary>validateContainerResourceName: a qualified name that is a standard container resource or an extended one.</summary>
    static IEnumerable<FieldError> ValidateContainerResourceName(string name, FieldPath path)
    {
        var errors = LabelFormats.IsQualifiedName(name).Select(m => FieldError.Invalid(path, name, m)).ToList();
        if (errors.Count == 0 && !name.Contains('/') && !ResourceNames.IsStandard(name))
            errors.Add(FieldError.Invalid(path, name, "must be a standard resource type or fully qualified"));
        if (!name.Contains('/'))
        {
            if (!ResourceNames.IsStandardContainer(name))
                return [.. errors, FieldError.Invalid(path, name, "must be a standard resource for containers")];
        }
        else if (!ResourceNames.IsNative(name) && !ResourceNames.IsExtended(name))
        {
            return [.. errors, FieldError.Invalid(path, name, "doesn't follow extended resource name standard")];
        }
        return errors;
    }

    /// <summary>ValidateResourceQuantityValue: not negative, and whole numbers for countable resources.</summary>
    public static IEnumerable<FieldError> ValidateQuantity(string name, JsonNode? node, FieldPath path)
    {
        if (!Quantities.TryParse(node, out var value, out var text))
        {
            yield return FieldError.Invalid(path, node?.ToJsonString() ?? "", QuantityFormatError);
            yield break;
        }
        if (value < 0) yield return FieldError.Invalid(path, text, ValidationText.NonNegative);
        if (ResourceNames.IsInteger(name) && decimal.Truncate(value * 1000) % 1000 != 0)
            yield return FieldError.Invalid(path, new StringerValue(text), "must be an integer");
    }
}
