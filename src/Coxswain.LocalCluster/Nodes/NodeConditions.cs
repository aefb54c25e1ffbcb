using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Nodes;

/// <summary>The four node conditions: as a healthy kubelet posts them, and as the node lifecycle controller marks them when the kubelet goes silent.</summary>
public static class NodeConditions
{
    public const string Ready = "Ready";
    public const string NodeStatusUnknownReason = "NodeStatusUnknown";
    public const string StoppedPostingMessage = "Kubelet stopped posting node status.";

    /// <summary>(type, healthy status, reason, message) in the order the kubelet lists them.</summary>
    static readonly (string Type, string Status, string Reason, string Message)[] HealthyValues =
    [
        ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        (Ready, "True", "KubeletReady", "kubelet is posting ready status"),
    ];

    public static IEnumerable<string> Types => HealthyValues.Select(v => v.Type);

    public static JsonArray Healthy(DateTimeOffset heartbeat, DateTimeOffset transition) =>
        new(HealthyValues.Select(v => (JsonNode)Condition(v.Type, v.Status, v.Reason, v.Message, KubeTime.Format(heartbeat), KubeTime.Format(transition))).ToArray());

    /// <summary>
    /// The kubelet's conditions posted over <paramref name="current"/> ones: a condition whose status does not change keeps
    /// its lastTransitionTime.
    /// </summary>
    public static JsonArray HealthyOver(JsonArray? current, DateTimeOffset heartbeat)
    {
        var result = new JsonArray();
        foreach (var (type, status, reason, message) in HealthyValues)
        {
            var existing = Find(current, type);
            var transition = existing.StrOrEmpty("status") == status && existing.Str("lastTransitionTime") is { } kept ? kept : KubeTime.Format(heartbeat);
            result.Add(Condition(type, status, reason, message, KubeTime.Format(heartbeat), transition));
        }
        return result;
    }

    /// <summary>Whether the conditions are what a healthy kubelet posts (ignoring times).</summary>
    public static bool AreHealthy(JsonArray? conditions) =>
        HealthyValues.All(v => Find(conditions, v.Type) is { } c && c.StrOrEmpty("status") == v.Status && c.StrOrEmpty("reason") == v.Reason);

    public static JsonObject? Find(JsonArray? conditions, string type) =>
        conditions.Objects().Select(c => c.Item).FirstOrDefault(c => c.StrOrEmpty("type") == type);

    public static JsonObject Condition(string type, string status, string reason, string message, string heartbeat, string transition) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastHeartbeatTime"] = heartbeat,
        ["lastTransitionTime"] = transition,
        ["reason"] = reason,
        ["message"] = message,
    };
}
