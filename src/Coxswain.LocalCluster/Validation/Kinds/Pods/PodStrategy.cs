using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>Pods: k8s.io/kubernetes/pkg/registry/core/pod/strategy.go plus the default admission plugins' pod defaults.</summary>
public sealed class PodStrategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    static readonly FieldPath SpecPath = FieldPath.Root("spec");

    public override void ApplyDefaults(JsonObject obj) => PodDefaults.Apply(obj);

    public override void PrepareForCreate(JsonObject obj)
    {
        PodAdmissionDefaults.Apply(obj);
        obj.GetOrAddObject("metadata")["generation"] = 1;
        // Clients cannot create a pod with a status of their choosing.
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQosClass.Compute(obj.Obj("spec")) };
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject oldObj) => KeepOldStatus(newObj, oldObj);

    public override IReadOnlyList<FieldError> ValidateCreate(JsonObject obj)
    {
        var errors = base.ValidateCreate(obj).ToList();
        var spec = obj.Obj("spec");
        // Ephemeral containers are only added through the ephemeralcontainers subresource.
        if (spec.Arr("ephemeralContainers") is { Count: > 0 })
            errors.Add(FieldError.Forbidden(SpecPath.Child("ephemeralContainers"), "cannot be set on create"));
        if (spec.StrOrEmpty("nodeName").Length > 0 && spec.Arr("schedulingGates") is { Count: > 0 })
            errors.Add(FieldError.Forbidden(SpecPath.Child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
        return errors;
    }

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj) => PodSpecValidation.ValidatePodSpec(obj.Obj("spec"), SpecPath);

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var errors = ObjectMetaValidation.ValidateUpdate(newObj, oldObj, MetaRules);
        errors.AddRange(ValidateBody(newObj));
        errors.AddRange(PodUpdateValidation.Validate(newObj.Obj("spec"), oldObj.Obj("spec")));
        return errors;
    }

    /// <summary>
    /// podStatusStrategy's ValidatePodStatusUpdate: the metadata rules of an update, not the spec, which a status write
    /// cannot change (it keeps the stored one). The kubelet writes pod status several times per pod started, and the full
    /// spec validation was most of what each write cost.
    /// </summary>
    public override IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject newObj, JsonObject oldObj) =>
        ObjectMetaValidation.ValidateUpdate(newObj, oldObj, MetaRules);
}
