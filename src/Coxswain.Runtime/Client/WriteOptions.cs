namespace Coxswain.Runtime.Client;

/// <summary>Query parameters of a create, update or patch.</summary>
public record WriteOptions
{
    /// <summary>
    /// The manager recorded in <c>metadata.managedFields</c> for this write. Name your controller here so
    /// <c>kubectl get -o yaml --show-managed-fields</c> tells who wrote what — seed 003's check for two controllers racing.
    /// </summary>
    public string? FieldManager { get; init; }

    /// <summary>Validate and admit the write without persisting it (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }
}

/// <summary>Query parameters of a patch.</summary>
public sealed record PatchOptions : WriteOptions
{
    /// <summary>For server-side apply only: take ownership of fields other managers own instead of failing with a conflict.</summary>
    public bool Force { get; init; }

    /// <summary>Patch a subresource (<c>status</c>, <c>scale</c>) instead of the object.</summary>
    public string? Subresource { get; init; }
}
