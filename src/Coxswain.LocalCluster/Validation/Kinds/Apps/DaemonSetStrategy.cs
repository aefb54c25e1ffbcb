using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Apps;

/// <summary>apps/v1 DaemonSets: SetDefaults_DaemonSet (RollingUpdate with maxUnavailable 1, maxSurge 0; 10 revisions kept).</summary>
public sealed class DaemonSetStrategy()
    : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    static readonly FieldPath Spec = FieldPath.Root("spec");

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = obj.GetOrAddObject("spec");
        var strategy = spec.GetOrAddObject("updateStrategy");
        strategy.DefaultString("type", "RollingUpdate");
        if (strategy.Str("type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.GetOrAddObject("rollingUpdate");
            rollingUpdate.Default("maxUnavailable", 1);
            rollingUpdate.Default("maxSurge", 0);
        }

        spec.Default("revisionHistoryLimit", 10);
        WorkloadSpecRules.DefaultTemplate(obj);
    }

    public override void PrepareForCreate(JsonObject obj) => WorkloadSpecRules.ResetStatus(obj);

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        foreach (var error in WorkloadSpecRules.Validate(obj, "daemonset")) yield return error;
        var strategy = obj.Obj("spec").Obj("updateStrategy");
        var type = strategy.StrOrEmpty("type");
        if (type is not ("RollingUpdate" or "OnDelete"))
            yield return FieldError.NotSupported(Spec.Child("updateStrategy", "type"), type, ["OnDelete", "RollingUpdate"]);
        else if (strategy.Obj("rollingUpdate") is { } rollingUpdate)
            foreach (var error in RollingUpdateFields.Validate(rollingUpdate, Spec.Child("updateStrategy", "rollingUpdate"), allowBothZero: false))
                yield return error;
    }

    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj) =>
        WorkloadSpecRules.ValidateUpdate(newObj, oldObj);
}
