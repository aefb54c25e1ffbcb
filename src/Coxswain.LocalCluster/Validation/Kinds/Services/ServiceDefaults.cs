using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Services;

/// <summary>SetDefaults_Service (k8s.io/kubernetes/pkg/apis/core/v1/defaults.go).</summary>
public static class ServiceDefaults
{
    public const int DefaultClientIpAffinitySeconds = 10800;

    public static void Apply(JsonObject service)
    {
        var spec = service.GetOrAddObject("spec");
        spec.DefaultString("sessionAffinity", "None");
        if (spec.StrOrEmpty("sessionAffinity") == "None") spec.Remove("sessionAffinityConfig");
        if (spec.StrOrEmpty("sessionAffinity") == "ClientIP" && spec.Obj("sessionAffinityConfig").Obj("clientIP").Long("timeoutSeconds") is null)
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = DefaultClientIpAffinitySeconds } };
        spec.DefaultString("type", "ClusterIP");

        foreach (var (_, port) in spec.Arr("ports").Objects())
        {
            port.DefaultString("protocol", "TCP");
            if (IsUnsetTargetPort(port["targetPort"])) port["targetPort"] = port["port"]?.DeepClone() ?? 0;
        }

        var type = spec.StrOrEmpty("type");
        if (ServiceTraits.ExternallyAccessible(spec)) spec.DefaultString("externalTrafficPolicy", "Cluster");
        if (type is "NodePort" or "LoadBalancer" or "ClusterIP") spec.Default("internalTrafficPolicy", "Cluster");
        if (type == "LoadBalancer") spec.Default("allocateLoadBalancerNodePorts", true);
    }

    /// <summary>targetPort 0 and "" both mean "same as port".</summary>
    static bool IsUnsetTargetPort(JsonNode? targetPort) => targetPort switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonFields.AsLong(v) == 0,
        _ => false,
    };
}
