namespace Coxswain.LocalCluster.OpenApi;

public sealed record OpenApiDocumentsOptions
{
    public OpenApiInfo Info { get; init; } = OpenApiInfo.Default;
    /// <summary>
    /// Include field descriptions (from the model assemblies' XML documentation) so that <c>kubectl explain</c>
    /// has text to show; loading them costs a few hundred milliseconds on the first document built.
    /// </summary>
    public bool IncludeDescriptions { get; init; } = true;
}
