using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// The kubelet's part of a pod's status at one instant, immutable so that the status write can merge it into whatever
/// the stored pod is when the write lands, on any thread, as often as the write is retried. The merge keeps what others
/// own (PodScheduled, readiness gate conditions, DisruptionTarget, qosClass) and computes Ready from the containers and
/// the readiness gates as they are stored, as the kubelet's status manager does.
/// </summary>
public sealed record PodStatusDraft(
    string Uid,
    string Phase,
    string HostIp,
    string? PodIp,
    DateTimeOffset StartTime,
    JsonArray? InitContainerStatuses,
    JsonArray ContainerStatuses,
    bool SandboxReady,
    IReadOnlyList<string> IncompleteInitContainers,
    IReadOnlyList<string> UnreadyContainers,
    IReadOnlyList<string> ReadinessGates,
    DateTimeOffset At)
{
    public const string ReadyToStartContainers = "PodReadyToStartContainers";
    public const string Initialized = "Initialized";
    public const string Ready = "Ready";
    public const string ContainersReady = "ContainersReady";
    public const string PodScheduled = "PodScheduled";

    /// <summary>The conditions the kubelet writes, in the order it lists them.</summary>
    static readonly string[] KubeletConditions = [ReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled];

    /// <summary>Status fields the kubelet writes; every other field of the stored status is kept as it is.</summary>
    static readonly HashSet<string> KubeletFields =
        ["phase", "conditions", "hostIP", "hostIPs", "podIP", "podIPs", "startTime", "initContainerStatuses", "containerStatuses"];

    /// <summary>Merges the draft into <paramref name="pod"/> (a fresh copy of the stored pod) and returns it.</summary>
    public JsonObject ApplyTo(JsonObject pod)
    {
        if (pod.Obj("metadata").StrOrEmpty("uid") != Uid) return pod; // a new pod with the same name: not ours to write
        var old = pod.Obj("status") ?? new JsonObject();
        var status = new JsonObject { ["phase"] = Phase, ["conditions"] = Conditions(old) };
        foreach (var field in (string[])["message", "reason", "nominatedNodeName"]) CopyField(old, status, field);
        status["hostIP"] = HostIp;
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = HostIp });
        if (PodIp is not null)
        {
            status["podIP"] = PodIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = PodIp });
        }
        status["startTime"] = KubeTime.Format(StartTime);
        if (InitContainerStatuses is not null) status["initContainerStatuses"] = InitContainerStatuses.DeepClone();
        status["containerStatuses"] = ContainerStatuses.DeepClone();
        foreach (var (field, value) in old)
            if (!KubeletFields.Contains(field) && !status.ContainsKey(field)) status[field] = value?.DeepClone();
        pod["status"] = status;
        return pod;
    }

    /// <summary>
    /// Whether this draft makes the pod Ready against <paramref name="status"/>, whose readiness gate conditions others
    /// set: the same rule <see cref="ApplyTo"/> writes the Ready condition by.
    /// </summary>
    public bool IsReady(JsonObject? status) => ContainersReadyCondition().Item1 && GatesCondition(status ?? new JsonObject()).Item1;

    static void CopyField(JsonObject from, JsonObject to, string field)
    {
        if (from[field] is { } value) to[field] = value.DeepClone();
    }

    JsonArray Conditions(JsonObject old)
    {
        var working = new JsonObject { ["conditions"] = old.Arr("conditions")?.DeepClone() ?? new JsonArray() };
        var (containersReady, notReadyReason, notReadyMessage) = ContainersReadyCondition();
        PodConditions.Set(working, ReadyToStartContainers, SandboxReady ? "True" : "False", null, null, At);
        var (initialized, initReason, initMessage) = InitializedCondition();
        PodConditions.Set(working, Initialized, initialized ? "True" : "False", initReason, initMessage, At);
        var (ready, readyReason, readyMessage) = containersReady ? GatesCondition(old) : (false, notReadyReason, notReadyMessage);
        PodConditions.Set(working, Ready, ready ? "True" : "False", readyReason, readyMessage, At);
        PodConditions.Set(working, ContainersReady, containersReady ? "True" : "False", notReadyReason, notReadyMessage, At);
        // The kubelet also reports PodScheduled, which matters for pods created with spec.nodeName and never bound.
        PodConditions.Set(working, PodScheduled, "True", null, null, At);

        var all = working.Arr("conditions")!.Objects().Select(c => c.Item).ToList();
        var ordered = KubeletConditions.Select(type => all.First(c => c.StrOrEmpty("type") == type))
            .Concat(all.Where(c => !KubeletConditions.Contains(c.StrOrEmpty("type"))));
        return new JsonArray(ordered.Select(c => (JsonNode)c.DeepClone()).ToArray());
    }

    (bool, string?, string?) InitializedCondition()
    {
        if (Phase == "Succeeded" && IncompleteInitContainers.Count == 0) return (true, "PodCompleted", null);
        return IncompleteInitContainers.Count == 0
            ? (true, null, null)
            : (false, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', IncompleteInitContainers)}]");
    }

    (bool, string?, string?) ContainersReadyCondition() => Phase switch
    {
        "Succeeded" => (false, "PodCompleted", null),
        "Failed" => (false, "PodFailed", null),
        _ when UnreadyContainers.Count > 0 =>
            (false, "ContainersNotReady", $"containers with unready status: [{string.Join(' ', UnreadyContainers)}]"),
        _ => (true, null, null),
    };

    /// <summary>Ready once every readiness gate's condition is True (as stored, since others set them).</summary>
    (bool, string?, string?) GatesCondition(JsonObject status)
    {
        var unready = new List<string>();
        foreach (var gate in ReadinessGates)
        {
            var condition = PodConditions.Find(status, gate);
            if (condition is null) unready.Add($"corresponding condition of pod readiness gate \"{gate}\" does not exist.");
            else if (condition.StrOrEmpty("status") != "True")
                unready.Add($"the status of pod readiness gate \"{gate}\" is not \"True\", but {condition.StrOrEmpty("status")}");
        }
        return unready.Count == 0 ? (true, null, null) : (false, "ReadinessGatesNotReady", string.Join(", ", unready));
    }
}
