using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Services;

/// <summary>
/// Services (pkg/registry/core/service). Names are DNS-1035 labels, since they become DNS names and env var prefixes.
/// Cluster IPs are allocated by the server through <see cref="ServiceIpAssignment"/>; node ports are not allocated.
/// </summary>
public sealed class ServiceStrategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.Dns1035Label, KubeFinalizers: true))
{
    public override void ApplyDefaults(JsonObject obj) => ServiceDefaults.Apply(obj);

    public override void PrepareForCreate(JsonObject obj)
    {
        // ServiceStatus.LoadBalancer is a struct, so an empty status still serializes with it.
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        ServiceClusterIps.PrepareForCreate(obj.GetOrAddObject("spec"));
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject oldObj)
    {
        KeepOldStatus(newObj, oldObj);
        ServiceClusterIps.PrepareForUpdate(newObj.GetOrAddObject("spec"), oldObj.Obj("spec"));
    }

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj) => ServiceValidation.Validate(obj.Obj("spec"));

    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj) =>
        ServiceUpdateValidation.Validate(newObj.Obj("spec"), oldObj.Obj("spec"));
}
