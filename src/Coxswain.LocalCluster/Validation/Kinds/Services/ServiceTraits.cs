using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Services;

/// <summary>Facts about a Service spec that several rules branch on (pkg/api/service and the registry helpers).</summary>
public static class ServiceTraits
{
    public const string ClusterIpNone = "None";

    /// <summary>Headless: exactly one cluster IP, "None".</summary>
    public static bool IsHeadless(JsonObject? spec) =>
        spec.Arr("clusterIPs") is { Count: 1 } ips && ips.Strings().First().Value == ClusterIpNone;

    public static bool ExternallyAccessible(JsonObject? spec) => spec.StrOrEmpty("type") switch
    {
        "LoadBalancer" or "NodePort" => true,
        "ClusterIP" => spec.Arr("externalIPs") is { Count: > 0 },
        _ => false,
    };

    public static bool NeedsHealthCheck(JsonObject? spec) =>
        spec.StrOrEmpty("type") == "LoadBalancer" && spec.StrOrEmpty("externalTrafficPolicy") == "Local";

    public static bool NeedsClusterIp(JsonObject? spec) => spec.StrOrEmpty("type") != "ExternalName";

    public static bool NeedsNodePort(JsonObject? spec) =>
        spec.StrOrEmpty("type") == "NodePort" || (spec.StrOrEmpty("type") == "LoadBalancer" && spec.Bool("allocateLoadBalancerNodePorts") != false);
}
