namespace Coxswain.LocalCluster.Tables;

/// <summary>The <c>includeObject</c> query parameter of a Table request: what each row's <c>object</c> carries.</summary>
public enum IncludeObjectPolicy
{
    /// <summary>A meta.k8s.io PartialObjectMetadata with the object's full metadata (the default).</summary>
    Metadata,
    /// <summary>The whole object, as served (kubectl asks for it with --sort-by).</summary>
    Object,
    /// <summary>No object (the field is null).</summary>
    None,
}

public static class IncludeObjectPolicies
{
    /// <summary>Parses the parameter exactly (case-sensitively), "" and absent meaning Metadata.</summary>
    public static bool TryParse(string? value, out IncludeObjectPolicy policy)
    {
        (var known, policy) = value switch
        {
            null or "" or "Metadata" => (true, IncludeObjectPolicy.Metadata),
            "Object" => (true, IncludeObjectPolicy.Object),
            "None" => (true, IncludeObjectPolicy.None),
            _ => (false, IncludeObjectPolicy.Metadata),
        };
        return known;
    }
}
