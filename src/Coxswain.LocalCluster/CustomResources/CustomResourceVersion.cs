using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.CustomResources;

/// <summary>The scale subresource's JSON paths (<c>.spec.replicas</c> style), as a CRD declares them.</summary>
public sealed record ScaleSubresource(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);

/// <summary>
/// What a served custom resource version carries beyond the generic <see cref="Api.ResourceDefinition"/>: its structural
/// schema (validation, pruning, defaulting), subresources and printer columns, and which version is stored.
/// </summary>
public sealed class CustomResourceVersion
{
    public required string CrdName { get; init; }
    public required JsonObject? Schema { get; init; }
    public required bool HasStatus { get; init; }
    public required ScaleSubresource? Scale { get; init; }
    /// <summary>The version's <c>additionalPrinterColumns</c> as the CRD declares them (Table output).</summary>
    public required JsonArray? PrinterColumns { get; init; }
    /// <summary>The apiVersion objects are stored in (the version with storage: true).</summary>
    public required string StorageApiVersion { get; init; }
    /// <summary>"None" or "Webhook".</summary>
    public string ConversionStrategy { get; init; } = "None";
    public JsonObject? ConversionWebhook { get; init; }

    /// <summary>Compiled validator for <see cref="Schema"/>, built once per CRD change.</summary>
    public required SchemaValidator? Validator { get; init; }
}
