using System.Text.Json.Nodes;
using Coxswain.LocalCluster.CustomResources;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Api;

/// <summary>
/// Routes each write to the rules of its kind: built-in kinds to the built-in strategies, custom resources to their CRD's
/// schema. CRDs themselves get the apiextensions checks and the cleanup finalizer here.
/// </summary>
public sealed class ObjectStrategies(IObjectStrategy builtIn, IObjectStrategy custom) : IObjectStrategy
{
    public const string CrdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    static bool IsCrd(ResourceDefinition r) => r.Group == "apiextensions.k8s.io" && r.Plural == "customresourcedefinitions";

    IObjectStrategy For(ResourceDefinition r) => r.IsCustom ? custom : builtIn;

    public void PrepareForCreate(ResourceDefinition r, JsonObject obj)
    {
        For(r).PrepareForCreate(r, obj);
        if (IsCrd(r))
        {
            // apiextensions-apiserver adds this so that deleting a CRD first deletes its custom resources.
            var meta = ResourceStorage.Metadata(obj);
            var finalizers = meta["finalizers"] as JsonArray ?? new JsonArray();
            if (!finalizers.Any(f => (string?)f == CrdCleanupFinalizer)) finalizers.Add(CrdCleanupFinalizer);
            meta["finalizers"] = finalizers;
            obj.Remove("status");
        }
    }

    public void PrepareForUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) => For(r).PrepareForUpdate(r, obj, old);

    public IReadOnlyList<FieldError> ValidateCreate(ResourceDefinition r, JsonObject obj) =>
        IsCrd(r) ? [.. For(r).ValidateCreate(r, obj), .. CrdDefinitions.Validate(obj)] : For(r).ValidateCreate(r, obj);

    public IReadOnlyList<FieldError> ValidateUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) =>
        IsCrd(r) ? [.. For(r).ValidateUpdate(r, obj, old), .. CrdDefinitions.Validate(obj)] : For(r).ValidateUpdate(r, obj, old);

    public IReadOnlyList<FieldError> ValidateStatusUpdate(ResourceDefinition r, JsonObject obj, JsonObject old) =>
        IsCrd(r) ? ValidateUpdate(r, obj, old) : For(r).ValidateStatusUpdate(r, obj, old);
}
