using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>Reading and writing <c>status.conditions</c> of a pod the way k8s.io/kubernetes/pkg/api/v1/pod does.</summary>
public static class PodConditions
{
    public static JsonObject? Find(JsonObject? status, string type) =>
        status.Arr("conditions").Objects().Select(c => c.Item).FirstOrDefault(c => c.StrOrEmpty("type") == type);

    public static bool IsTrue(JsonObject? status, string type) => Find(status, type).StrOrEmpty("status") == "True";

    /// <summary>
    /// UpdatePodCondition: adds or replaces the condition, keeping its lastTransitionTime unless the status flips.
    /// Returns whether anything changed.
    /// </summary>
    public static bool Set(JsonObject status, string type, string value, string? reason, string? message, DateTimeOffset now)
    {
        var conditions = status["conditions"] as JsonArray;
        if (conditions is null) status["conditions"] = conditions = new JsonArray();
        var existing = Find(status, type);
        var transition = existing is not null && existing.StrOrEmpty("status") == value && existing.Str("lastTransitionTime") is { } kept
            ? kept
            : KubeTime.Format(now);
        var condition = Build(type, value, reason, message, transition);
        if (existing is null)
        {
            conditions.Add(condition);
            return true;
        }
        var changed = !JsonNode.DeepEquals(existing, condition);
        conditions[conditions.IndexOf(existing)] = condition;
        return changed;
    }

    /// <summary>A condition in the field order kube-apiserver serializes it.</summary>
    public static JsonObject Build(string type, string value, string? reason, string? message, string lastTransitionTime)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = value,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = lastTransitionTime,
        };
        if (!string.IsNullOrEmpty(reason)) condition["reason"] = reason;
        if (!string.IsNullOrEmpty(message)) condition["message"] = message;
        return condition;
    }
}
