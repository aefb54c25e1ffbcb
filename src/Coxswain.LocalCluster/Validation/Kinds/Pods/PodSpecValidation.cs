using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>
/// ValidatePodSpec plus the pod-only container checks. Not covered (accepted as is): security contexts, affinity,
/// topology spread constraints, resource claims, host aliases, readiness/scheduling gates, OS-specific fields.
/// </summary>
public static class PodSpecValidation
{
    const int MaxInt32 = int.MaxValue;
    const int MaxDnsNameservers = 3;
    static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    static readonly string[] PreemptionPolicies = ["PreemptLowerPriority", "Never"];

    /// <summary>validatePodMetadataAndSpec minus metadata: the rules shared by pod create and update.</summary>
    public static IEnumerable<FieldError> ValidatePodSpec(JsonObject? spec, FieldPath path)
    {
        var gracePeriod = spec.Long("terminationGracePeriodSeconds");
        if (!spec.Has("terminationGracePeriodSeconds")) yield return FieldError.Required(path.Child("terminationGracePeriodSeconds"));

        var (volumes, volumeErrors) = VolumeValidation.ValidateVolumes(spec.Arr("volumes"), path.Child("volumes"));
        foreach (var e in volumeErrors) yield return e;
        foreach (var e in ContainerValidation.ValidateContainers(spec.Arr("containers"), volumes, gracePeriod, path.Child("containers"))) yield return e;
        foreach (var e in ContainerValidation.ValidateInitContainers(spec.Arr("initContainers"), spec.Arr("containers"), volumes, gracePeriod, path.Child("initContainers")))
            yield return e;
        foreach (var e in ValidateHostNetworkPorts(spec, path)) yield return e;
        foreach (var e in Enum(spec.StrOrEmpty("restartPolicy"), RestartPolicies, path.Child("restartPolicy"))) yield return e;
        foreach (var e in Enum(spec.StrOrEmpty("dnsPolicy"), DnsPolicies, path.Child("dnsPolicy"))) yield return e;
        foreach (var e in LabelValidation.ValidateLabels(spec.Obj("nodeSelector"), path.Child("nodeSelector"))) yield return e;
        foreach (var e in ValidateDnsConfig(spec, path.Child("dnsConfig"))) yield return e;

        // Service account and node names are both DNS subdomains.
        foreach (var field in (string[])["serviceAccountName", "nodeName"])
            if (spec.Str(field) is { Length: > 0 } value)
                foreach (var m in NameValidators.DnsSubdomain(value, false)) yield return FieldError.Invalid(path.Child(field), value, m);
        if (spec.Long("activeDeadlineSeconds") is { } deadline && deadline is < 1 or > MaxInt32)
            yield return FieldError.Invalid(path.Child("activeDeadlineSeconds"), deadline, ValidationText.InclusiveRange(1, MaxInt32));
        foreach (var field in (string[])["hostname", "subdomain"])
        {
            var value = spec.StrOrEmpty(field);
            if (value.Length > 0)
                foreach (var m in DnsNames.IsDns1123Label(value)) yield return FieldError.Invalid(path.Child(field), value, m);
        }
        foreach (var e in TolerationValidation.ValidateTolerations(spec.Arr("tolerations"), path.Child("tolerations"))) yield return e;
        foreach (var field in (string[])["priorityClassName", "runtimeClassName"])
            if (spec.Str(field) is { Length: > 0 } value)
                foreach (var m in NameValidators.DnsSubdomain(value, false)) yield return FieldError.Invalid(path.Child(field), value, m);
        if (spec.Str("preemptionPolicy") is { } preemption)
            foreach (var e in Enum(preemption, PreemptionPolicies, path.Child("preemptionPolicy"))) yield return e;

        foreach (var list in (string[])["containers", "initContainers"])
            foreach (var e in ContainerValidation.ValidateImageWhitespace(spec.Arr(list), path.Child(list))) yield return e;
    }

    /// <summary>A required enum: Required when empty, NotSupported (listing the values in upstream order) when unknown.</summary>
    static IEnumerable<FieldError> Enum(string value, string[] supported, FieldPath path)
    {
        if (value.Length == 0) yield return FieldError.Required(path);
        else if (!supported.Contains(value)) yield return FieldError.NotSupported(path, value, supported);
    }

    /// <summary>With the host's network, a pod's host port is its container port.</summary>
    static IEnumerable<FieldError> ValidateHostNetworkPorts(JsonObject? spec, FieldPath path)
    {
        if (spec.Bool("hostNetwork") != true) yield break;
        foreach (var (ci, container) in spec.Arr("containers").Objects())
            foreach (var (pi, port) in container.Arr("ports").Objects())
                if ((port.Long("hostPort") ?? 0) != (port.Long("containerPort") ?? 0))
                    yield return FieldError.Invalid(path.Child("containers").Index(ci).Child("ports").Index(pi).Child("hostPort"),
                        port.Long("hostPort") ?? 0, "must match `containerPort` when `hostNetwork` is true");
    }

    static IEnumerable<FieldError> ValidateDnsConfig(JsonObject? spec, FieldPath path)
    {
        var dnsConfig = spec.Obj("dnsConfig");
        if (spec.StrOrEmpty("dnsPolicy") == "None")
        {
            if (dnsConfig is null)
            {
                yield return FieldError.Required(path, "must provide `dnsConfig` when `dnsPolicy` is None");
                yield break;
            }
            if (dnsConfig.Arr("nameservers") is not { Count: > 0 })
            {
                yield return FieldError.Required(path.Child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None");
                yield break;
            }
        }
        if (dnsConfig is null) yield break;
        var nameservers = dnsConfig.Arr("nameservers");
        if (nameservers is { Count: > MaxDnsNameservers })
            yield return FieldError.Invalid(path.Child("nameservers"), nameservers, $"must not have more than {MaxDnsNameservers} nameservers");
        foreach (var (i, nameserver) in nameservers.Strings())
            foreach (var e in IpFormats.IsValidIp(path.Child("nameservers").Index(i), nameserver)) yield return e;
    }
}
