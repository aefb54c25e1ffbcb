using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Api;

/// <summary>The built-in kinds' REST strategies: kube-apiserver's defaulting and validation, plus cluster IPs for Services.</summary>
public sealed class BuiltInStrategy(IServiceIpAllocator serviceIps) : IObjectStrategy
{
    public void PrepareForCreate(ResourceDefinition r, JsonObject obj) => BuiltInDefaults.ApplyOnCreate(r, obj);

    public void PrepareForUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) => BuiltInDefaults.ApplyOnUpdate(r, obj, old);

    public IReadOnlyList<FieldError> ValidateCreate(ResourceDefinition r, JsonObject obj)
    {
        if (r.Group == "" && r.Plural == "services")
        {
            var ipErrors = ServiceIpAssignment.Assign(obj, serviceIps);
            if (ipErrors.Count > 0) return ipErrors;
        }
        return BuiltInValidation.ValidateCreate(r, obj);
    }

    public IReadOnlyList<FieldError> ValidateUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) =>
        BuiltInValidation.ValidateUpdate(r, obj, old);

    public IReadOnlyList<FieldError> ValidateStatusUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) =>
        BuiltInValidation.ValidateStatusUpdate(r, obj, old);
}
