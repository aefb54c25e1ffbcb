using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Core;

/// <summary>Namespaces (pkg/registry/core/namespace): the name label, the "kubernetes" finalizer and the Active phase.</summary>
public sealed class NamespaceStrategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: false, NameValidators.Namespace, KubeFinalizers: true))
{
    /// <summary>Every namespace carries its own name as this (immutable in practice) label, for namespaceSelectors.</summary>
    public const string NameLabel = "kubernetes.io/metadata.name";

    public override void ApplyDefaults(JsonObject obj)
    {
        // Nameless (generateName) namespaces get the label once named; upstream cannot default what it does not know.
        var name = obj.Obj("metadata").StrOrEmpty("name");
        if (name.Length > 0) obj.GetOrAddObject("metadata").GetOrAddObject("labels")[NameLabel] = name;
        obj.Obj("status")?.DefaultString("phase", "Active");
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        var spec = obj.GetOrAddObject("spec");
        var finalizers = spec["finalizers"] as JsonArray ?? [];
        if (!finalizers.Strings().Any(f => f.Value == FinalizerValidation.Kubernetes)) finalizers.Add(FinalizerValidation.Kubernetes);
        spec["finalizers"] = finalizers;
    }

    /// <summary>spec.finalizers only change through /finalize and status only through /status.</summary>
    public override void PrepareForUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var spec = newObj.GetOrAddObject("spec");
        if (oldObj.Obj("spec")?["finalizers"] is { } finalizers) spec["finalizers"] = finalizers.DeepClone();
        else spec.Remove("finalizers");
        KeepOldStatus(newObj, oldObj);
    }

    /// <summary>Upstream reports spec.finalizers problems against the list path, without an index.</summary>
    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        var path = FieldPath.Root("spec").Child("finalizers");
        foreach (var (_, finalizer) in obj.Obj("spec").Arr("finalizers").Strings())
        {
            foreach (var m in Formats.LabelFormats.IsQualifiedName(finalizer)) yield return FieldError.Invalid(path, finalizer, m);
            foreach (var e in FinalizerValidation.ValidateKubeFinalizerName(finalizer, path)) yield return e;
        }
    }
}
