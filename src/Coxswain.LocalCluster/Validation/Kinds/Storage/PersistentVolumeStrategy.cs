using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Kinds.Pods;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Resources;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Storage;

/// <summary>PersistentVolumes, basic rules: access modes, a storage-only capacity, one volume source, reclaim policy.</summary>
public sealed class PersistentVolumeStrategy()
    : ResourceStrategy(new ObjectMetaRules(Namespaced: false, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    static readonly FieldPath Spec = FieldPath.Root("spec");
    static readonly string[] ReclaimPolicies = ["Delete", "Recycle", "Retain"];

    /// <summary>The volume sources a PersistentVolume may use (PersistentVolumeSource), in upstream's check order.</summary>
    static readonly string[] Sources =
    [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs", "rbd", "quobyte", "cephfs", "iscsi",
        "cinder", "fc", "flexVolume", "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO",
        "local", "storageos", "csi",
    ];

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = obj.GetOrAddObject("spec");
        spec.DefaultString("persistentVolumeReclaimPolicy", "Retain");
        spec.Default("volumeMode", "Filesystem");
        obj.Obj("status")?.DefaultString("phase", "Pending");
    }

    public override void PrepareForCreate(JsonObject obj) => obj["status"] = new JsonObject { ["phase"] = "Pending" };

    public override void PrepareForUpdate(JsonObject newObj, JsonObject oldObj) => KeepOldStatus(newObj, oldObj);

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        foreach (var e in PersistentVolumeRules.ValidateAccessModes(spec.Arr("accessModes"), Spec.Child("accessModes"), null)) yield return e;

        var capacity = spec.Obj("capacity");
        if (capacity is not { Count: > 0 }) yield return FieldError.Required(Spec.Child("capacity"));
        if (!capacity.Has("storage") || capacity!.Count > 1)
            yield return FieldError.NotSupported(Spec.Child("capacity"), capacity ?? [], ["storage"]);
        foreach (var (name, quantity) in capacity ?? [])
        {
            var path = Spec.Child("capacity").Key(name);
            if (!Quantities.TryParse(quantity, out var value, out var text))
                foreach (var e in ResourceRequirementsValidation.ValidateQuantity(name, quantity, path)) yield return e;
            else if (value <= 0) yield return FieldError.Invalid(path, text, "must be greater than zero");
        }

        if (spec.Str("persistentVolumeReclaimPolicy") is { Length: > 0 } policy && !ReclaimPolicies.Contains(policy))
            yield return FieldError.NotSupported(Spec.Child("persistentVolumeReclaimPolicy"), policy, ReclaimPolicies);

        var sources = 0;
        foreach (var source in Sources)
        {
            if (spec.Obj(source) is not { } volume) continue;
            if (sources++ > 0) yield return FieldError.Forbidden(Spec.Child(source), "may not specify more than 1 volume type");
            else if (source == "hostPath" && volume.StrOrEmpty("path").Length == 0) yield return FieldError.Required(Spec.Child("hostPath", "path"));
            else if (source == "hostPath")
                foreach (var e in PathRules.NoBacksteps(volume.StrOrEmpty("path"), Spec.Child("hostPath", "path"))) yield return e;
            else if (source == "local" && !spec.Has("nodeAffinity"))
                yield return FieldError.Required(Spec.Child("nodeAffinity"), "Local volume requires node affinity");
        }
        if (sources == 0) yield return FieldError.Required(Spec, "must specify a volume type");

        foreach (var e in PersistentVolumeRules.ValidateStorageClassName(spec, Spec.Child("storageClassName"))) yield return e;
        foreach (var e in PersistentVolumeRules.ValidateVolumeMode(spec, Spec.Child("volumeMode"))) yield return e;
    }

    /// <summary>The volume source is fixed at creation.</summary>
    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var newSource = SourceOf(newObj.Obj("spec"));
        var oldSource = SourceOf(oldObj.Obj("spec"));
        if (!JsonFields.DeepEquals(newSource, oldSource))
            yield return FieldError.Forbidden(Spec.Child("persistentvolumesource"),
                $"spec.persistentvolumesource is immutable after creation\n{JsonDiff.Describe(oldSource, newSource, "spec")}");
        // Upstream builds this path without the "spec" root.
        foreach (var e in ImmutableFields.Check(newObj.Obj("spec")?["volumeMode"], oldObj.Obj("spec")?["volumeMode"], FieldPath.Root("volumeMode"))) yield return e;
    }

    static JsonObject SourceOf(JsonObject? spec)
    {
        var source = new JsonObject();
        foreach (var name in Sources)
            if (spec?[name] is { } value) source[name] = value.DeepClone();
        return source;
    }
}
