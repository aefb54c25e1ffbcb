using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>
/// The scheduler's view of one node: what the Node object says (labels, taints, allocatable) and what the pods placed on
/// it take (requests, host ports, pods per owner), kept up to date incrementally as pods come and go, as
/// kube-scheduler's framework.NodeInfo is: the filters and scorers read precomputed integers, never the objects.
/// </summary>
public sealed class NodeInfo
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    readonly List<HostPort> usedPorts = new();
    readonly Dictionary<string, int> podsByController = new(StringComparer.Ordinal);

    public NodeInfo(string name) => Name = name;

    public string Name { get; }
    public IReadOnlyDictionary<string, string> Labels { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<Taint> Taints { get; private set; } = [];
    public bool Unschedulable { get; private set; }
    public ResourceAmounts Allocatable { get; private set; } = new();
    /// <summary>The node's zone label, kept apart because spreading reads it for every scored node.</summary>
    public string? Zone { get; private set; }

    public ResourceAmounts Requested { get; } = new();
    public ResourceAmounts NonZeroRequested { get; } = new();
    public int PodCount { get; private set; }
    public long AllowedPodCount => Allocatable.AllowedPodNumber;
    public IReadOnlyList<HostPort> UsedPorts => usedPorts;

    /// <summary>Takes the Node object's scheduling facts; returns whether any changed (a reason to retry pending pods).</summary>
    public bool Update(JsonObject node)
    {
        var labels = node.Obj("metadata").Obj("labels").StringMap().ToDictionary(kv => kv.Key, kv => kv.Value);
        var taints = Taint.ParseAll(node.Obj("spec").Arr("taints"));
        var unschedulable = node.Obj("spec").Bool("unschedulable") == true;
        var status = node.Obj("status");
        var allocatable = ResourceAmounts.Parse(status.Obj("allocatable") ?? status.Obj("capacity"));

        var changed = !SameLabels(labels) || !Taints.SequenceEqual(taints) || unschedulable != Unschedulable ||
                      !allocatable.SameAs(Allocatable);
        Labels = labels;
        Zone = labels.GetValueOrDefault(ZoneLabel);
        Taints = taints;
        Unschedulable = unschedulable;
        Allocatable = allocatable;
        return changed;
    }

    public int PodsOfController(string controllerUid) => podsByController.GetValueOrDefault(controllerUid);

    public void AddPod(SchedulingPod pod)
    {
        Requested.Add(pod.Requests);
        NonZeroRequested.Add(pod.NonZeroRequests);
        PodCount++;
        usedPorts.AddRange(pod.HostPorts);
        if (pod.ControllerUid is { } owner) podsByController[owner] = podsByController.GetValueOrDefault(owner) + 1;
    }

    public void RemovePod(SchedulingPod pod)
    {
        Requested.Subtract(pod.Requests);
        NonZeroRequested.Subtract(pod.NonZeroRequests);
        PodCount--;
        foreach (var port in pod.HostPorts) usedPorts.Remove(port);
        if (pod.ControllerUid is { } owner && podsByController.TryGetValue(owner, out var count))
        {
            if (count <= 1) podsByController.Remove(owner); else podsByController[owner] = count - 1;
        }
    }

    bool SameLabels(Dictionary<string, string> labels) =>
        labels.Count == Labels.Count && labels.All(kv => Labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
