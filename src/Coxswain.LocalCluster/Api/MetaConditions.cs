using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Api;

/// <summary>
/// metav1.Condition lists (<c>status.conditions</c> of PodDisruptionBudgets and most newer APIs), handled as apimachinery's
/// api/meta SetStatusCondition does: a condition keeps its lastTransitionTime unless its status flips.
/// </summary>
public static class MetaConditions
{
    public static JsonObject? Find(JsonObject? status, string type) =>
        status.Arr("conditions").Objects().Select(c => c.Item).FirstOrDefault(c => c.StrOrEmpty("type") == type);

    /// <summary>Adds or updates the condition of <paramref name="type"/> in <c>status.conditions</c>.</summary>
    public static void Set(JsonObject status, string type, string value, string reason, string message, long observedGeneration, DateTimeOffset now)
    {
        if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = new JsonArray();
        var existing = Find(status, type);
        var transition = existing is not null && existing.StrOrEmpty("status") == value && existing.Str("lastTransitionTime") is { } kept
            ? kept
            : KubeTime.Format(now);
        // metav1.Condition's field order; observedGeneration is omitempty, message is not.
        var condition = new JsonObject { ["type"] = type, ["status"] = value };
        if (observedGeneration != 0) condition["observedGeneration"] = observedGeneration;
        condition["lastTransitionTime"] = transition;
        condition["reason"] = reason;
        condition["message"] = message;
        if (existing is null) conditions.Add(condition);
        else conditions[conditions.IndexOf(existing)] = condition;
    }
}
