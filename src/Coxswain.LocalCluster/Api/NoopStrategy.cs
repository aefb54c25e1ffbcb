// TEMPORARY: replaced by the validation branch's built-in strategies.
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;
namespace Coxswain.LocalCluster.Api;
public sealed class NoopStrategy : IObjectStrategy
{
    public void PrepareForCreate(ResourceDefinition r, JsonObject obj) { }
    public void PrepareForUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) { }
    public IReadOnlyList<FieldError> ValidateCreate(ResourceDefinition r, JsonObject obj) => [];
    public IReadOnlyList<FieldError> ValidateUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) => [];
}
