using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.CustomResources;

/// <summary>
/// Write rules for custom resources, as apiextensions-apiserver applies them: status dropped on create when the status
/// subresource exists, schema validation with field causes, and objects kept in the CRD's storage version.
/// (Pruning and defaulting happen while decoding, see <see cref="Http.ObjectDecoder"/>, so unknown fields can be reported.)
/// </summary>
public sealed class CustomResourceStrategy : IObjectStrategy
{
    public void PrepareForCreate(ResourceDefinition r, JsonObject obj)
    {
        if (r.Custom!.HasStatus) obj.Remove("status");
    }

    public void PrepareForUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) { }

    public IReadOnlyList<FieldError> ValidateCreate(ResourceDefinition r, JsonObject obj) => Validate(r, obj);

    public IReadOnlyList<FieldError> ValidateUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) => Validate(r, obj);

    static IReadOnlyList<FieldError> Validate(ResourceDefinition r, JsonObject obj) =>
        r.Custom!.Validator?.Validate(obj) ?? [];
}
