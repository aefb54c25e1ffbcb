using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Kinds.Pods;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Resources;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Core;

/// <summary>Nodes (pkg/registry/core/node): taints, pod CIDRs, provider ID, and status kept on spec updates.</summary>
public sealed class NodeStrategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: false, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    const string CidrChange = "node updates may not change podCIDR except from \"\" to valid";

    /// <summary>SetDefaults_NodeStatus: allocatable defaults to capacity.</summary>
    public override void ApplyDefaults(JsonObject obj)
    {
        if (obj.Obj("status") is { } status && !status.Has("allocatable") && status["capacity"] is JsonObject capacity)
            status["allocatable"] = capacity.DeepClone();
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject oldObj) => KeepOldStatus(newObj, oldObj);

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        // Upstream validates spec.taints under the metadata path ("metadata.taints[0]...").
        foreach (var e in ValidateTaints(spec.Arr("taints"), FieldPath.Root("metadata").Child("taints"))) yield return e;
        foreach (var listName in (string[])["capacity", "allocatable"])
            foreach (var (name, quantity) in obj.Obj("status").Obj(listName) ?? [])
                foreach (var e in ResourceRequirementsValidation.ValidateQuantity(name, quantity, FieldPath.Root("status").Child(listName, name)))
                    yield return e;

        var cidrs = spec.Arr("podCIDRs");
        var cidrsPath = FieldPath.Root("spec").Child("podCIDRs");
        var seen = new HashSet<string>();
        foreach (var (i, cidr) in cidrs.Strings())
        {
            foreach (var e in IpFormats.IsValidCidr(cidrsPath.Index(i), cidr)) yield return e;
            if (cidrs!.Count > 1 && !seen.Add(cidr)) yield return FieldError.Duplicate(cidrsPath.Index(i), cidr);
        }
    }

    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var spec = newObj.Obj("spec");
        var oldSpec = oldObj.Obj("spec");
        var oldCidrs = oldSpec.Arr("podCIDRs");
        if (oldCidrs is { Count: > 0 })
        {
            var newCidrs = spec.Arr("podCIDRs");
            if (newCidrs?.Count != oldCidrs.Count) yield return FieldError.Forbidden(FieldPath.Root("spec").Child("podCIDRs"), CidrChange);
            else
                foreach (var (i, cidr) in oldCidrs.Strings())
                    if (newCidrs.Strings().ElementAt(i).Value != cidr) yield return FieldError.Forbidden(FieldPath.Root("spec").Child("podCIDRs"), CidrChange);
        }
        var oldProvider = oldSpec.StrOrEmpty("providerID");
        if (oldProvider.Length > 0 && oldProvider != spec.StrOrEmpty("providerID"))
            yield return FieldError.Forbidden(FieldPath.Root("spec").Child("providerID"), "node updates may not change providerID except from \"\" to valid");
        if (spec.StrOrEmpty("externalID") != oldSpec.StrOrEmpty("externalID"))
            yield return FieldError.Forbidden(FieldPath.Root("spec").Child("externalID"), "may not be updated");
    }

    /// <summary>validateNodeTaints: label-like key and value, a required effect, unique per (key, effect).</summary>
    static IEnumerable<FieldError> ValidateTaints(JsonArray? taints, FieldPath path)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var (i, taint) in taints.Objects())
        {
            var itemPath = path.Index(i);
            var key = taint.StrOrEmpty("key");
            var effect = taint.StrOrEmpty("effect");
            foreach (var e in LabelValidation.ValidateLabelName(key, itemPath.Child("key"))) yield return e;
            var valueErrors = LabelFormats.IsLabelValue(taint.StrOrEmpty("value"));
            if (valueErrors.Count > 0) yield return FieldError.Invalid(itemPath.Child("value"), taint.StrOrEmpty("value"), string.Join(";", valueErrors));
            if (effect.Length == 0) yield return FieldError.Required(itemPath.Child("effect"));
            else if (!TolerationValidation.TaintEffects.Contains(effect))
                yield return FieldError.NotSupported(itemPath.Child("effect"), effect, TolerationValidation.TaintEffects);
            if (!seen.Add((key, effect))) yield return FieldError.Duplicate(itemPath, taint, "taints must be unique by key and effect pair");
        }
    }
}
