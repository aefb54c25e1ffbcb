using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>A host port a container asks for; pods on one node may not share one (same protocol, port and address).</summary>
public readonly record struct HostPort(string Protocol, string HostIp, long Port)
{
    /// <summary>0.0.0.0 (or no address) binds every address of the node, so it clashes with any address on the same port.</summary>
    public bool ConflictsWith(HostPort other) =>
        Protocol == other.Protocol && Port == other.Port && (IsWildcard || other.IsWildcard || HostIp == other.HostIp);

    bool IsWildcard => HostIp is "" or "0.0.0.0";
}

/// <summary>The facts of a pod the scheduler uses, read once from its wire JSON.</summary>
public sealed class SchedulingPod
{
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public required string Uid { get; init; }
    public required ResourceAmounts Requests { get; init; }
    public required ResourceAmounts NonZeroRequests { get; init; }
    public required IReadOnlyDictionary<string, string> NodeSelector { get; init; }
    public JsonArray? RequiredNodeSelectorTerms { get; init; }
    public JsonArray? PreferredNodeSelectorTerms { get; init; }
    public required IReadOnlyList<Toleration> Tolerations { get; init; }
    public required IReadOnlyList<HostPort> HostPorts { get; init; }
    /// <summary>The uid of the controller that owns the pod (ReplicaSet, StatefulSet...), what spreading groups pods by.</summary>
    public string? ControllerUid { get; init; }
    public long Priority { get; init; }
    public string PreemptionPolicy { get; init; } = "PreemptLowerPriority";

    public string Key => $"{Namespace}/{Name}";

    public static SchedulingPod From(JsonObject pod)
    {
        var meta = pod.Obj("metadata");
        var spec = pod.Obj("spec");
        var nodeAffinity = spec.Obj("affinity").Obj("nodeAffinity");
        return new SchedulingPod
        {
            Namespace = meta.StrOrEmpty("namespace"),
            Name = meta.StrOrEmpty("name"),
            Uid = meta.StrOrEmpty("uid"),
            Requests = PodResourceRequests.Of(spec),
            NonZeroRequests = PodResourceRequests.NonZero(spec),
            NodeSelector = spec.Obj("nodeSelector").StringMap().ToDictionary(kv => kv.Key, kv => kv.Value),
            RequiredNodeSelectorTerms = nodeAffinity.Obj("requiredDuringSchedulingIgnoredDuringExecution").Arr("nodeSelectorTerms"),
            PreferredNodeSelectorTerms = nodeAffinity.Arr("preferredDuringSchedulingIgnoredDuringExecution"),
            Tolerations = Toleration.ParseAll(spec.Arr("tolerations")),
            HostPorts = HostPortsOf(spec),
            ControllerUid = meta.Arr("ownerReferences").Objects().Select(o => o.Item)
                .FirstOrDefault(o => o.Bool("controller") == true)?.Str("uid"),
            Priority = spec.Long("priority") ?? 0,
            PreemptionPolicy = spec.Str("preemptionPolicy") ?? "PreemptLowerPriority",
        };
    }

    static List<HostPort> HostPortsOf(JsonObject? spec)
    {
        var ports = new List<HostPort>();
        foreach (var list in (string[])["initContainers", "containers"])
            foreach (var (_, container) in spec.Arr(list).Objects())
                foreach (var (_, port) in container.Arr("ports").Objects())
                    if (port.Long("hostPort") is > 0 and var hostPort)
                        ports.Add(new HostPort(port.Str("protocol") ?? "TCP", port.StrOrEmpty("hostIP"), hostPort));
        return ports;
    }
}
