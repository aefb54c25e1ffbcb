using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Services;

/// <summary>
/// Keeps spec.clusterIP / spec.clusterIPs / ipFamilies / ipFamilyPolicy consistent the way the Service registry does
/// (NormalizeClusterIPs, initIPFamilyFields, patchAllocatedValues, dropTypeDependentFields), for a single-stack IPv4 cluster.
/// </summary>
public static class ServiceClusterIps
{
    public static void PrepareForCreate(JsonObject spec)
    {
        // Old clients send only the singular field; newer ones must send both.
        if (spec.StrOrEmpty("clusterIP").Length > 0 && spec.Arr("clusterIPs") is not { Count: > 0 })
            spec["clusterIPs"] = new JsonArray(spec.StrOrEmpty("clusterIP"));
        DefaultIpFamilies(spec);
    }

    public static void PrepareForUpdate(JsonObject spec, JsonObject? oldSpec)
    {
        Normalize(spec, oldSpec);
        PatchAllocatedValues(spec, oldSpec);
        DropTypeDependentFields(spec, oldSpec);
        DefaultIpFamilies(spec);
    }

    /// <summary>NormalizeClusterIPs on update: guess what a client that manages only one of the two fields meant.</summary>
    static void Normalize(JsonObject spec, JsonObject? oldSpec)
    {
        var oldIps = oldSpec.Arr("clusterIPs");
        var oldIp = oldSpec.StrOrEmpty("clusterIP");
        var newIp = spec.StrOrEmpty("clusterIP");
        if (oldIps is { Count: > 0 } && spec.Arr("clusterIPs") is not { Count: > 0 } && oldIp == newIp)
            spec["clusterIPs"] = oldIps.DeepClone();
        if (oldIp == newIp) return;
        var sameIps = JsonFields.DeepEquals(oldIps, spec.Arr("clusterIPs"));
        if (oldIp.Length > 0 && newIp.Length == 0)
        {
            if (sameIps) spec.Remove("clusterIPs");
        }
        else if (sameIps)
        {
            spec["clusterIPs"] = new JsonArray(newIp);
        }
    }

    /// <summary>Clients that omit allocated values (PUT of a hand-written manifest) keep the ones already allocated.</summary>
    static void PatchAllocatedValues(JsonObject spec, JsonObject? oldSpec)
    {
        if (ServiceTraits.NeedsClusterIp(oldSpec) && ServiceTraits.NeedsClusterIp(spec))
        {
            if (spec.StrOrEmpty("clusterIP").Length == 0 && oldSpec.Str("clusterIP") is { } ip) spec["clusterIP"] = ip;
            if (spec.Arr("clusterIPs") is not { Count: > 0 } && oldSpec.Arr("clusterIPs") is { Count: > 0 } ips) spec["clusterIPs"] = ips.DeepClone();
        }
        if (ServiceTraits.NeedsNodePort(oldSpec) && ServiceTraits.NeedsNodePort(spec))
        {
            var allocated = oldSpec.Arr("ports").Objects()
                .Where(p => (p.Item.Long("nodePort") ?? 0) != 0)
                .ToDictionary(p => (p.Item.StrOrEmpty("protocol"), p.Item.Long("port") ?? 0), p => p.Item.Long("nodePort")!.Value);
            foreach (var (_, port) in spec.Arr("ports").Objects())
                if ((port.Long("nodePort") ?? 0) == 0 && allocated.TryGetValue((port.StrOrEmpty("protocol"), port.Long("port") ?? 0), out var nodePort))
                    port["nodePort"] = nodePort;
        }
        if (ServiceTraits.NeedsHealthCheck(oldSpec) && ServiceTraits.NeedsHealthCheck(spec) && (spec.Long("healthCheckNodePort") ?? 0) == 0 &&
            oldSpec.Long("healthCheckNodePort") is { } healthCheckNodePort)
            spec["healthCheckNodePort"] = healthCheckNodePort;
    }

    /// <summary>Switching to ExternalName releases the cluster IP and families, unless the client changed them itself.</summary>
    static void DropTypeDependentFields(JsonObject spec, JsonObject? oldSpec)
    {
        if (!ServiceTraits.NeedsClusterIp(oldSpec) || ServiceTraits.NeedsClusterIp(spec)) return;
        if (JsonFields.DeepEquals(spec["clusterIPs"], oldSpec?["clusterIPs"]) && spec.StrOrEmpty("clusterIP") == oldSpec.StrOrEmpty("clusterIP"))
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
        }
        if (JsonFields.DeepEquals(spec["ipFamilies"], oldSpec?["ipFamilies"])) spec.Remove("ipFamilies");
        if (JsonFields.DeepEquals(spec["ipFamilyPolicy"], oldSpec?["ipFamilyPolicy"])) spec.Remove("ipFamilyPolicy");
        if (JsonFields.DeepEquals(spec["internalTrafficPolicy"], oldSpec?["internalTrafficPolicy"])) spec.Remove("internalTrafficPolicy");
    }

    /// <summary>
    /// On a single-stack IPv4 cluster every service that needs an IP is IPv4 SingleStack, except headless services
    /// without a selector, which upstream marks RequireDualStack so their endpoints may be of any family.
    /// </summary>
    static void DefaultIpFamilies(JsonObject spec)
    {
        if (!ServiceTraits.NeedsClusterIp(spec)) return;
        var headlessWithoutSelector = ServiceTraits.IsHeadless(spec) && spec.Obj("selector") is not { Count: > 0 };
        spec.Default("ipFamilyPolicy", headlessWithoutSelector ? "RequireDualStack" : "SingleStack");
        if (spec.Arr("ipFamilies") is not { Count: > 0 }) spec["ipFamilies"] = new JsonArray("IPv4");
    }
}
