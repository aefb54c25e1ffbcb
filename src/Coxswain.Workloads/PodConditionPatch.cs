using System.Text.Json.Nodes;
using Coxswain.Runtime.Client;
using k8s.Models;

namespace Coxswain.Workloads;

/// <summary>
/// Writes one pod condition through the status subresource as a strategic merge keyed by condition type, so the
/// kubelet's and other writers' conditions are left alone. A null reason or message removes a stale one.
/// </summary>
public static class PodConditionPatch
{
    public static Task<V1Pod> WriteAsync(
        ResourceClient<V1Pod> pods, V1Pod pod, string fieldManager, string type, string status, DateTime now,
        string? reason, string? message, CancellationToken cancellationToken)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastTransitionTime"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["reason"] = reason,
            ["message"] = message,
        };
        var patch = new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } };
        return pods.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name,
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch),
            new PatchOptions { FieldManager = fieldManager, Subresource = "status" }, cancellationToken);
    }
}
