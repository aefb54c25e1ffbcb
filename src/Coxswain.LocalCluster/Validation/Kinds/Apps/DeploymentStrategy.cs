using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Apps;

/// <summary>apps/v1 Deployments: SetDefaults_Deployment, the registry strategy and ValidateDeploymentSpec.</summary>
public sealed class DeploymentStrategy()
    : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    static readonly FieldPath Spec = FieldPath.Root("spec");

    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = obj.GetOrAddObject("spec");
        spec.Default("replicas", 1);
        var strategy = spec.GetOrAddObject("strategy");
        strategy.DefaultString("type", "RollingUpdate");
        if (strategy.Str("type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.GetOrAddObject("rollingUpdate");
            rollingUpdate.Default("maxUnavailable", "25%");
            rollingUpdate.Default("maxSurge", "25%");
        }

        spec.Default("revisionHistoryLimit", 10);
        spec.Default("progressDeadlineSeconds", 600);
        WorkloadSpecRules.DefaultTemplate(obj);
    }

    public override void PrepareForCreate(JsonObject obj) => WorkloadSpecRules.ResetStatus(obj);

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        foreach (var error in WorkloadSpecRules.Validate(obj, "deployment")) yield return error;
        var spec = obj.Obj("spec");
        var strategy = spec.Obj("strategy");
        var type = strategy.StrOrEmpty("type");
        if (type is not ("RollingUpdate" or "Recreate"))
        {
            yield return FieldError.NotSupported(Spec.Child("strategy", "type"), type, ["Recreate", "RollingUpdate"]);
        }
        else if (type == "Recreate" && strategy.Has("rollingUpdate"))
        {
            yield return FieldError.Forbidden(Spec.Child("strategy", "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'");
        }
        else if (strategy.Obj("rollingUpdate") is { } rollingUpdate)
        {
            var path = Spec.Child("strategy", "rollingUpdate");
            foreach (var error in RollingUpdateFields.Validate(rollingUpdate, path, allowBothZero: false)) yield return error;
        }

        if (spec.Long("progressDeadlineSeconds") is { } deadline && deadline <= (spec.Long("minReadySeconds") ?? 0))
            yield return FieldError.Invalid(Spec.Child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds");
    }

    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj) =>
        WorkloadSpecRules.ValidateUpdate(newObj, oldObj);
}
