using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;

namespace Coxswain.LocalCluster.Validation.Kinds.Services;

/// <summary>ValidateService (spec part) and the cluster-IP/family consistency rules.</summary>
public static class ServiceValidation
{
    static readonly FieldPath Spec = FieldPath.Root("spec");
    static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    static readonly string[] SessionAffinities = ["ClientIP", "None"];
    static readonly string[] TrafficPolicies = ["Cluster", "Local"];
    static readonly string[] IpFamilies = ["IPv4", "IPv6"];
    static readonly string[] IpFamilyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
    const int MaxClientIpAffinitySeconds = 86400;

    public static IEnumerable<FieldError> Validate(JsonObject? spec)
    {
        var type = spec.StrOrEmpty("type");
        var headless = ServiceTraits.IsHeadless(spec);
        var clusterIps = spec.Arr("clusterIPs");

        if (spec.Arr("ports") is not { Count: > 0 } && !headless && type != "ExternalName")
            yield return FieldError.Required(Spec.Child("ports"));

        switch (type)
        {
            case "LoadBalancer" or "NodePort" when headless:
                yield return FieldError.Invalid(Spec.Child("clusterIPs").Index(0), ServiceTraits.ClusterIpNone, $"may not be set to 'None' for {type} services");
                break;
            case "ExternalName":
                foreach (var e in ValidateExternalName(spec)) yield return e;
                break;
        }

        foreach (var e in ServicePortValidation.Validate(spec, Spec.Child("ports"))) yield return e;
        if (spec.Obj("selector") is { } selector)
            foreach (var e in LabelValidation.ValidateLabels(selector, Spec.Child("selector"))) yield return e;
        foreach (var e in ValidateSessionAffinity(spec)) yield return e;
        foreach (var e in ValidateClusterIpFields(spec)) yield return e;

        foreach (var (i, ip) in spec.Arr("externalIPs").Strings())
        {
            var ipErrors = IpFormats.IsValidIp(Spec.Child("externalIPs").Index(i), ip);
            foreach (var e in ipErrors.Count > 0 ? ipErrors : NonSpecialIp(ip, Spec.Child("externalIPs").Index(i))) yield return e;
        }

        if (type.Length == 0) yield return FieldError.Required(Spec.Child("type"));
        else if (!Types.Contains(type)) yield return FieldError.NotSupported(Spec.Child("type"), type, Types);

        foreach (var e in ServicePortValidation.ValidateUniqueness(spec, Spec.Child("ports"))) yield return e;

        if (spec.Arr("loadBalancerSourceRanges") is { Count: > 0 } ranges)
        {
            var rangesPath = Spec.Child("LoadBalancerSourceRanges");
            if (type != "LoadBalancer") yield return FieldError.Forbidden(rangesPath, "may only be used when `type` is 'LoadBalancer'");
            foreach (var (i, range) in ranges.Strings())
                foreach (var e in IpFormats.IsValidCidr(rangesPath.Index(i), range.Trim())) yield return e;
        }
        if (spec.Has("allocateLoadBalancerNodePorts") && type != "LoadBalancer")
            yield return FieldError.Forbidden(Spec.Child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'");
        if (type == "LoadBalancer" && !spec.Has("allocateLoadBalancerNodePorts"))
            // Upstream builds this path without the "spec" root.
            yield return FieldError.Required(FieldPath.Root("allocateLoadBalancerNodePorts"));
        if (spec.Str("loadBalancerClass") is { } loadBalancerClass)
        {
            if (type == "LoadBalancer")
                foreach (var m in LabelFormats.IsQualifiedName(loadBalancerClass))
                    yield return FieldError.Invalid(Spec.Child("loadBalancerClass"), loadBalancerClass, m);
            else yield return FieldError.Forbidden(Spec.Child("loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'");
        }

        foreach (var e in ValidateTrafficPolicies(spec)) yield return e;
    }

    static IEnumerable<FieldError> ValidateExternalName(JsonObject? spec)
    {
        if (spec.Arr("clusterIPs") is { Count: > 0 }) yield return FieldError.Forbidden(Spec.Child("clusterIPs"), "may not be set for ExternalName services");
        if (spec.Arr("ipFamilies") is { Count: > 0 }) yield return FieldError.Forbidden(Spec.Child("ipFamilies"), "may not be set for ExternalName services");
        if (spec.Has("ipFamilyPolicy")) yield return FieldError.Forbidden(Spec.Child("ipFamilyPolicy"), "may not be set for ExternalName services");
        // A CNAME may end in a dot to mark it fully qualified.
        var cname = spec.StrOrEmpty("externalName").TrimEnd('.');
        if (cname.Length == 0) yield return FieldError.Required(Spec.Child("externalName"));
        else
            foreach (var m in DnsNames.IsDns1123Subdomain(cname)) yield return FieldError.Invalid(Spec.Child("externalName"), cname, m);
    }

    static IEnumerable<FieldError> ValidateSessionAffinity(JsonObject? spec)
    {
        var affinity = spec.StrOrEmpty("sessionAffinity");
        var configPath = Spec.Child("sessionAffinityConfig");
        if (affinity.Length == 0) yield return FieldError.Required(Spec.Child("sessionAffinity"));
        else if (!SessionAffinities.Contains(affinity)) yield return FieldError.NotSupported(Spec.Child("sessionAffinity"), affinity, SessionAffinities);

        if (affinity == "ClientIP")
        {
            const string when = "when session affinity type is ClientIP";
            var config = spec.Obj("sessionAffinityConfig");
            if (config is null) yield return FieldError.Required(configPath, when);
            else if (config.Obj("clientIP") is not { } clientIp) yield return FieldError.Required(configPath.Child("clientIP"), when);
            else if (clientIp.Long("timeoutSeconds") is not { } timeout) yield return FieldError.Required(configPath.Child("clientIP", "timeoutSeconds"), when);
            else if (timeout is <= 0 or > MaxClientIpAffinitySeconds)
                yield return FieldError.Invalid(configPath.Child("clientIP", "timeoutSeconds"), timeout, $"must be greater than 0 and less than {MaxClientIpAffinitySeconds}");
        }
        else if (affinity == "None" && spec.Has("sessionAffinityConfig"))
        {
            yield return FieldError.Forbidden(configPath, "must not be set when session affinity is None");
        }
    }

    /// <summary>ValidateServiceClusterIPsRelatedFields.</summary>
    static IEnumerable<FieldError> ValidateClusterIpFields(JsonObject? spec)
    {
        if (spec.StrOrEmpty("type") == "ExternalName") yield break;
        var ipsPath = Spec.Child("clusterIPs");
        var familiesPath = Spec.Child("ipFamilies");
        var clusterIp = spec.StrOrEmpty("clusterIP");
        var clusterIps = spec.Arr("clusterIPs");
        var ips = clusterIps.Strings().Select(s => s.Value).ToList();

        if (clusterIp.Length != 0)
        {
            if (ips.Count == 0) yield return FieldError.Required(ipsPath);
            else if (ips[0] != clusterIp) yield return FieldError.Invalid(ipsPath, GoValues.StringSlice(clusterIps), "first value must match `clusterIP`");
        }
        else if (ips.Count != 0)
        {
            yield return FieldError.Invalid(ipsPath, GoValues.StringSlice(clusterIps), "must be empty when `clusterIP` is not specified");
        }

        var families = spec.Arr("ipFamilies").Strings().Select(s => s.Value).ToList();
        var seen = new HashSet<string>();
        for (var i = 0; i < families.Count; i++)
        {
            if (!IpFamilies.Contains(families[i])) yield return FieldError.NotSupported(familiesPath.Index(i), families[i], IpFamilies);
            if (!seen.Add(families[i])) yield return FieldError.Duplicate(familiesPath.Index(i), families[i]);
        }
        if (spec.Str("ipFamilyPolicy") is { } policy && !IpFamilyPolicies.Contains(policy))
            yield return FieldError.NotSupported(Spec.Child("ipFamilyPolicy"), policy, IpFamilyPolicies);

        var invalidIps = false;
        for (var i = 0; i < ips.Count; i++)
        {
            if (i == 0 && ips[i] == ServiceTraits.ClusterIpNone)
            {
                if (ips.Count > 1)
                {
                    invalidIps = true;
                    yield return FieldError.Invalid(ipsPath, GoValues.StringSlice(clusterIps), "'None' must be the first and only value");
                }
                continue;
            }
            var ipErrors = IpFormats.IsValidIp(ipsPath.Index(i), ips[i]);
            invalidIps |= ipErrors.Count > 0;
            foreach (var e in ipErrors) yield return e;
        }
        if (ips.Count > 2) yield return FieldError.Invalid(ipsPath, GoValues.StringSlice(clusterIps), "may only hold up to 2 values");
        // Further checks would only restate errors about IPs already reported as bad.
        if (invalidIps) yield break;

        if (ips.Count > 1 && ips.Count(IpFormats.IsIPv6) != 1)
            yield return FieldError.Invalid(ipsPath, GoValues.StringSlice(clusterIps), "may specify no more than one IP for each IP family");

        if (ServiceTraits.IsHeadless(spec)) yield break;
        for (var i = 0; i < ips.Count && i < families.Count; i++)
        {
            if (families[i] == "IPv4" && IpFormats.IsIPv6(ips[i]))
                yield return FieldError.Invalid(ipsPath.Index(i), ips[i], $"expected an IPv4 value as indicated by `ipFamilies[{i}]`");
            if (families[i] == "IPv6" && !IpFormats.IsIPv6(ips[i]))
                yield return FieldError.Invalid(ipsPath.Index(i), ips[i], $"expected an IPv6 value as indicated by `ipFamilies[{i}]`");
        }
    }

    static IEnumerable<FieldError> ValidateTrafficPolicies(JsonObject? spec)
    {
        var external = spec.StrOrEmpty("externalTrafficPolicy");
        if (!ServiceTraits.ExternallyAccessible(spec))
        {
            if (external.Length > 0)
                yield return FieldError.Invalid(Spec.Child("externalTrafficPolicy"), external, "may only be set for externally-accessible services");
        }
        else if (external.Length == 0) yield return FieldError.Required(Spec.Child("externalTrafficPolicy"));
        else if (!TrafficPolicies.Contains(external)) yield return FieldError.NotSupported(Spec.Child("externalTrafficPolicy"), external, TrafficPolicies);

        var healthCheckNodePort = spec.Long("healthCheckNodePort") ?? 0;
        if (!ServiceTraits.NeedsHealthCheck(spec))
        {
            if (healthCheckNodePort != 0)
                yield return FieldError.Invalid(Spec.Child("healthCheckNodePort"), healthCheckNodePort,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
        }
        else if (healthCheckNodePort == 0) yield return FieldError.Required(Spec.Child("healthCheckNodePort"));
        else
            foreach (var m in ValueFormats.IsValidPortNum(healthCheckNodePort))
                yield return FieldError.Invalid(Spec.Child("healthCheckNodePort"), healthCheckNodePort, m);

        var type = spec.StrOrEmpty("type");
        if (spec.Str("internalTrafficPolicy") is { } internalPolicy)
        {
            if (!TrafficPolicies.Contains(internalPolicy))
                yield return FieldError.NotSupported(Spec.Child("internalTrafficPolicy"), internalPolicy, TrafficPolicies);
        }
        else if (type is "NodePort" or "LoadBalancer" or "ClusterIP")
        {
            yield return FieldError.Required(Spec.Child("internalTrafficPolicy"));
        }

        if (spec.Str("trafficDistribution") is { } distribution && distribution != "PreferClose")
            yield return FieldError.NotSupported(Spec.Child("trafficDistribution"), distribution, ["PreferClose"]);
    }

    /// <summary>ValidateNonSpecialIP: external IPs may not be unspecified, loopback or link-local.</summary>
    static IEnumerable<FieldError> NonSpecialIp(string ip, FieldPath path)
    {
        if (!System.Net.IPAddress.TryParse(ip, out var address)) yield break;
        if (address.Equals(System.Net.IPAddress.Any) || address.Equals(System.Net.IPAddress.IPv6Any))
            yield return FieldError.Invalid(path, ip, $"may not be unspecified ({ip})");
        if (System.Net.IPAddress.IsLoopback(address))
            yield return FieldError.Invalid(path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)");
        var bytes = address.GetAddressBytes();
        if (address.IsIPv6LinkLocal || (bytes.Length == 4 && bytes[0] == 169 && bytes[1] == 254))
            yield return FieldError.Invalid(path, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)");
        if (address.IsIPv6Multicast && (bytes[1] & 0x0F) == 2 || (bytes.Length == 4 && bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0))
            yield return FieldError.Invalid(path, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
    }
}
