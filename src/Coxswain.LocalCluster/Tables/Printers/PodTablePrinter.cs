using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's pod columns: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED-NODE READINESS-GATES.</summary>
internal sealed class PodTablePrinter : ITablePrinter
{
    public static readonly PodTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", "The aggregate status of the containers in this pod."),
        new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        CommonColumns.Age,
        new("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", Priority: 1),
        new("Node", "string", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename", Priority: 1),
        new("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", Priority: 1),
        new("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", Priority: 1),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var summary = PodStatusSummary.Of(obj);
        var cells = new JsonArray(
            CommonColumns.NameOf(obj),
            summary.ReadyText,
            summary.Reason,
            summary.RestartsText(now),
            CommonColumns.AgeOf(obj, now),
            OrNone(PodIp(obj)),
            OrNone(obj.TextAt("spec", "nodeName")),
            OrNone(obj.TextAt("status", "nominatedNodeName")),
            ReadinessGates(obj));
        return new PrintedRow(cells, CompletionConditions(obj.TextAt("status", "phase")));
    }

    static string OrNone(string value) => value.Length == 0 ? "<none>" : value;

    /// <summary>
    /// The first pod IP. Like the v1-to-internal conversion, status.podIP is authoritative over podIPs
    /// (it is what older kubelets set).
    /// </summary>
    static string PodIp(JsonObject pod) =>
        pod.TextAt("status", "podIP") is { Length: > 0 } ip ? ip : pod.ArrayAt("status", "podIPs").FirstOrDefault().TextAt("ip");

    /// <summary>"true conditions/gates" for the pod's readiness gates, "&lt;none&gt;" without gates.</summary>
    static string ReadinessGates(JsonObject pod)
    {
        var gates = pod.ArrayAt("spec", "readinessGates");
        if (gates.Count == 0) return "<none>";
        var conditions = pod.ArrayAt("status", "conditions");
        var satisfied = gates.Count(gate =>
            conditions.FirstOrDefault(c => c.TextAt("type") == gate.TextAt("conditionType")).TextAt("status") == "True");
        return $"{satisfied}/{gates.Count}";
    }

    /// <summary>Row conditions that let clients de-emphasise pods that ran to completion.</summary>
    static JsonArray? CompletionConditions(string phase) => phase switch
    {
        "Succeeded" => Completed("Succeeded", "The pod has completed successfully."),
        "Failed" => Completed("Failed", "The pod failed."),
        _ => null,
    };

    static JsonArray Completed(string reason, string message) =>
        [new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = reason, ["message"] = message }];
}
