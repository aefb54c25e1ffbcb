using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Apps;

/// <summary>apps/v1 ReplicaSets: SetDefaults_ReplicaSet (one replica), the registry strategy and ValidateReplicaSetSpec.</summary>
public sealed class ReplicaSetStrategy()
    : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    public override void ApplyDefaults(JsonObject obj)
    {
        obj.GetOrAddObject("spec").Default("replicas", 1);
        WorkloadSpecRules.DefaultTemplate(obj);
    }

    public override void PrepareForCreate(JsonObject obj) => WorkloadSpecRules.ResetStatus(obj);

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj) => WorkloadSpecRules.Validate(obj, "replicaset");

    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj) =>
        WorkloadSpecRules.ValidateUpdate(newObj, oldObj);
}
