using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Resources;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Storage;

/// <summary>
/// PersistentVolumeClaims, basic rules: access modes, a positive storage request, class and volume mode, and a spec
/// that is immutable after creation except for binding (volumeName once) and growing a bound claim's request.
/// </summary>
public sealed class PersistentVolumeClaimStrategy()
    : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    static readonly FieldPath Spec = FieldPath.Root("spec");

    public override void ApplyDefaults(JsonObject obj)
    {
        obj.GetOrAddObject("spec").Default("volumeMode", "Filesystem");
        obj.Obj("status")?.DefaultString("phase", "Pending");
    }

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["phase"] = "Pending" };

    public override void PrepareForUpdate(JsonObject newObj, JsonObject oldObj) => KeepOldStatus(newObj, oldObj);

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        foreach (var e in PersistentVolumeRules.ValidateAccessModes(spec.Arr("accessModes"), Spec.Child("accessModes"), "at least 1 access mode is required"))
            yield return e;
        foreach (var e in LabelValidation.ValidateLabelSelector(spec.Obj("selector"), Spec.Child("selector"))) yield return e;

        var storagePath = Spec.Child("resources").Key("storage");
        var storage = spec.Obj("resources").Obj("requests")?["storage"];
        if (storage is null) yield return FieldError.Required(storagePath);
        else if (!Quantities.TryParse(storage, out var value, out var text))
            foreach (var e in ResourceRequirementsValidation.ValidateQuantity("storage", storage, storagePath)) yield return e;
        else if (value <= 0) yield return FieldError.Invalid(storagePath, text, "must be greater than zero");

        foreach (var e in PersistentVolumeRules.ValidateStorageClassName(spec, Spec.Child("storageClassName"))) yield return e;
        foreach (var e in PersistentVolumeRules.ValidateVolumeMode(spec, Spec.Child("volumeMode"))) yield return e;
    }

    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var spec = (JsonObject?)newObj.Obj("spec")?.DeepClone() ?? [];
        var oldSpec = (JsonObject?)oldObj.Obj("spec")?.DeepClone() ?? [];
        // Binding sets volumeName once; a bound claim may change its storage request.
        if (oldSpec.StrOrEmpty("volumeName").Length == 0) Copy(spec, oldSpec, "volumeName");
        var bound = oldObj.Obj("status").StrOrEmpty("phase") == "Bound";
        if (bound && spec.Obj("resources").Obj("requests") is { } requests)
            requests["storage"] = oldSpec.Obj("resources").Obj("requests")?["storage"]?.DeepClone();
        if (!JsonFields.DeepEquals(spec, oldSpec))
            yield return FieldError.Forbidden(Spec,
                $"spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n{JsonDiff.Describe(oldSpec, spec, "spec")}");

        // Shrinking is allowed (to recover from a failed expansion) but never to or below the provisioned capacity.
        var newSize = Quantities.ValueOrZero(newObj.Obj("spec").Obj("resources").Obj("requests")?["storage"]);
        var oldSize = Quantities.ValueOrZero(oldObj.Obj("spec").Obj("resources").Obj("requests")?["storage"]);
        var capacity = Quantities.ValueOrZero(oldObj.Obj("status").Obj("capacity")?["storage"]);
        if (newSize < oldSize && newSize <= capacity)
            yield return FieldError.Forbidden(Spec.Child("resources", "requests", "storage"), "field can not be less than status.capacity");
    }

    static void Copy(JsonObject target, JsonObject source, string field)
    {
        if (source[field] is { } value) target[field] = value.DeepClone();
        else target.Remove(field);
    }
}
