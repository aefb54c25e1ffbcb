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
}
