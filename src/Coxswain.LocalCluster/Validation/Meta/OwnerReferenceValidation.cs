using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Meta;

/// <summary>metadata.ownerReferences: required fields, banned owner kinds and the single-controller rule.</summary>
public static class OwnerReferenceValidation
{
    public static IEnumerable<FieldError> ValidateOwnerReferences(JsonArray? references, FieldPath path)
    {
        string? firstController = null;
        foreach (var (_, reference) in references.Objects())
        {
            // Upstream reports per-reference errors against the list path, without an index.
            foreach (var e in ValidateOwnerReference(reference, path)) yield return e;
            if (reference.Bool("controller") != true) continue;
            var current = $"{reference.StrOrEmpty("kind")}/{reference.StrOrEmpty("name")}";
            if (firstController is null) firstController = current;
            else
                yield return FieldError.Invalid(path, references,
                    $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}");
        }
    }

    static IEnumerable<FieldError> ValidateOwnerReference(JsonObject reference, FieldPath path)
    {
        var apiVersion = reference.StrOrEmpty("apiVersion");
        var kind = reference.StrOrEmpty("kind");
        var (group, version) = SplitApiVersion(apiVersion);
        if (version.Length == 0) yield return FieldError.Invalid(path.Child("apiVersion"), apiVersion, "version must not be empty");
        if (kind.Length == 0) yield return FieldError.Invalid(path.Child("kind"), kind, "must not be empty");
        if (reference.StrOrEmpty("name").Length == 0) yield return FieldError.Invalid(path.Child("name"), "", "must not be empty");
        if (reference.StrOrEmpty("uid").Length == 0) yield return FieldError.Invalid(path.Child("uid"), "", "must not be empty");
        // Core Events are deleted on a timer, so nothing may hang off them.
        if (group.Length == 0 && version == "v1" && kind == "Event")
            yield return FieldError.Invalid(path, reference, "/v1, Kind=Event is disallowed from being an owner");
    }

    /// <summary>schema.ParseGroupVersion: "v1" is the core group; more than one '/' makes the version unreadable.</summary>
    static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var parts = apiVersion.Split('/');
        return parts.Length switch
        {
            1 => ("", parts[0]),
            2 => (parts[0], parts[1]),
            _ => ("", ""),
        };
    }
}
