using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Api;

/// <summary>
/// Per-kind rules the storage layer applies to every write, like kube-apiserver's REST strategies:
/// defaulting, then validation (any errors → 422 Invalid with field causes).
/// </summary>
public interface IObjectStrategy
{
    void PrepareForCreate(ResourceDefinition r, JsonObject obj);
    void PrepareForUpdate(ResourceDefinition r, JsonObject obj, JsonObject old);
    IReadOnlyList<FieldError> ValidateCreate(ResourceDefinition r, JsonObject obj);
    IReadOnlyList<FieldError> ValidateUpdate(ResourceDefinition r, JsonObject obj, JsonObject old);

    /// <summary>
    /// Validation of a write through the status subresource, which cannot change anything but the status (kube-apiserver
    /// gives such writes a strategy of their own, e.g. podStatusStrategy); by default the same as an update.
    /// </summary>
    IReadOnlyList<FieldError> ValidateStatusUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) => ValidateUpdate(r, obj, old);
}
