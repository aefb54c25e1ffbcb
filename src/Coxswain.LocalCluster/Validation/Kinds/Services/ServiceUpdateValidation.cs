using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Services;

/// <summary>
/// ValidateServiceUpdate's transition rules: a cluster IP and IP family may not change once set (only a secondary may be
/// added or released), nor a LoadBalancer's class or health-check node port.
/// </summary>
public static class ServiceUpdateValidation
{
    static readonly FieldPath Spec = FieldPath.Root("spec");

    public static IEnumerable<FieldError> Validate(JsonObject? spec, JsonObject? oldSpec)
    {
        foreach (var e in ValidateClusterIps(spec, oldSpec)) yield return e;
        foreach (var e in ValidateIpFamilies(spec, oldSpec)) yield return e;
        if (spec.StrOrEmpty("type") == "LoadBalancer" && oldSpec.StrOrEmpty("type") == "LoadBalancer" &&
            spec.Str("loadBalancerClass") != oldSpec.Str("loadBalancerClass"))
            yield return FieldError.Invalid(Spec.Child("loadBalancerClass"), spec.Str("loadBalancerClass"), "may not change once set");
        if (ServiceTraits.NeedsHealthCheck(oldSpec) && ServiceTraits.NeedsHealthCheck(spec) &&
            spec.Long("healthCheckNodePort") != oldSpec.Long("healthCheckNodePort"))
            yield return FieldError.Forbidden(Spec.Child("healthCheckNodePort"), "field is immutable");
    }

    static IEnumerable<FieldError> ValidateClusterIps(JsonObject? spec, JsonObject? oldSpec)
    {
        if (!ServiceTraits.NeedsClusterIp(spec) || !ServiceTraits.NeedsClusterIp(oldSpec)) yield break;
        if (ServiceTraits.IsHeadless(spec) && ServiceTraits.IsHeadless(oldSpec)) yield break;
        var newIps = spec.Arr("clusterIPs").Strings().Select(s => s.Value).ToList();
        var oldIps = oldSpec.Arr("clusterIPs").Strings().Select(s => s.Value).ToList();
        var rendered = GoValues.StringSlice(spec.Arr("clusterIPs"));
        var first = Spec.Child("clusterIPs").Index(0);

        if (newIps.Count == oldIps.Count)
        {
            for (var i = 0; i < oldIps.Count; i++)
                if (oldIps[i] != newIps[i])
                    yield return FieldError.Invalid(Spec.Child("clusterIPs").Index(i), rendered, "may not change once set");
        }
        else if (newIps.Count < oldIps.Count)
        {
            if (newIps.Count == 0) yield return FieldError.Invalid(first, rendered, "primary clusterIP can not be unset");
            if (newIps.Count > 0 && newIps[0] != oldIps[0]) yield return FieldError.Invalid(first, rendered, "may not change once set");
            if (newIps.Count == 1 && spec.Str("ipFamilyPolicy") != "SingleStack")
                yield return FieldError.Invalid(Spec.Child("ipFamilyPolicy"), spec.Str("ipFamilyPolicy"),
                    "must be set to 'SingleStack' when releasing the secondary clusterIP");
        }
        else if (oldIps.Count > 0 && newIps[0] != oldIps[0])
        {
            yield return FieldError.Invalid(first, rendered, "may not change once set");
        }
    }

    static IEnumerable<FieldError> ValidateIpFamilies(JsonObject? spec, JsonObject? oldSpec)
    {
        if (!ServiceTraits.NeedsClusterIp(spec) || !ServiceTraits.NeedsClusterIp(oldSpec)) yield break;
        // Headless services may change families, and so may a service becoming or ceasing to be headless.
        if (ServiceTraits.IsHeadless(spec) || ServiceTraits.IsHeadless(oldSpec)) yield break;
        var newFamilies = spec.Arr("ipFamilies").Strings().Select(s => s.Value).ToList();
        var oldFamilies = oldSpec.Arr("ipFamilies").Strings().Select(s => s.Value).ToList();
        var renderedFamilies = GoValues.StringSlice(spec.Arr("ipFamilies"), "core.IPFamily");
        var renderedIps = GoValues.StringSlice(spec.Arr("clusterIPs"));
        var first = Spec.Child("ipFamilies").Index(0);

        if (newFamilies.Count == oldFamilies.Count)
        {
            // Upstream reports every changed family against index 0.
            for (var i = 0; i < oldFamilies.Count; i++)
                if (oldFamilies[i] != newFamilies[i]) yield return FieldError.Invalid(first, renderedFamilies, "may not change once set");
        }
        else if (newFamilies.Count < oldFamilies.Count)
        {
            if (spec.Arr("clusterIPs") is not { Count: > 0 }) yield return FieldError.Invalid(first, renderedFamilies, "primary ipFamily can not be unset");
            if (newFamilies.Count > 0 && newFamilies[0] != oldFamilies[0]) yield return FieldError.Invalid(first, renderedIps, "may not change once set");
            if (newFamilies.Count == 1 && spec.Str("ipFamilyPolicy") != "SingleStack")
                yield return FieldError.Invalid(Spec.Child("ipFamilyPolicy"), spec.Str("ipFamilyPolicy"),
                    "must be set to 'SingleStack' when releasing the secondary ipFamily");
        }
        else if (oldFamilies.Count > 0 && newFamilies[0] != oldFamilies[0])
        {
            yield return FieldError.Invalid(first, renderedIps, "may not change once set");
        }
    }
}
