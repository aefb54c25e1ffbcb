namespace Coxswain.LocalCluster.OpenApi;

/// <summary>One named property of an object <see cref="ModelSchema"/>.</summary>
public sealed record ModelProperty(string Name, ModelSchema Schema)
{
    /// <summary>Literal description (imported schemas); reflected models use <see cref="Documentation"/> instead.</summary>
    public string? Description { get; init; }
    public DocumentationReference? Documentation { get; init; }
    /// <summary>Merge semantics of this field, when the field is one of the well-known mergeable ones.</summary>
    public FieldPatchMetadata? Patch { get; init; }
}
