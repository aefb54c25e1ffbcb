using System.Text.Json;
using System.Text.Json.Serialization;
using Coxswain.Apis.Apps;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Workloads;

/// <summary>
/// The multi-writer <c>KruisePodReady</c> condition (OpenKruise's podreadiness package and pod-readiness controller),
/// for pods whose spec carries its readiness gate (mpod.kb.io injects it with feature KruisePodReadinessGate). It is
/// True while no writer holds the pod; each writer holding it adds a <c>{"userAgent","key"}</c> entry to the
/// condition's message (a JSON list) and sets it False, and the last one to let go sets it True again. Pods without
/// the gate are left alone.
/// </summary>
public sealed class KruisePodReadiness(ResourceClient<V1Pod> pods, TimeProvider time, string fieldManager)
{
    /// <summary>The user agent lifecycle hooks write as (OpenKruise's, kept for compatibility).</summary>
    public const string LifecycleUserAgent = "ContainerRecreateRequest";
    public const string PreparingDeleteKey = "preparingDelete";
    public const string PreparingUpdateKey = "preparingUpdate";

    public static bool HasReadinessGate(V1Pod pod) =>
        pod.Spec?.ReadinessGates?.Any(g => g.ConditionType == KruisePodConditions.KruisePodReady) == true;

    /// <summary>The pod-readiness controller's step: a gated pod without the condition gets it True. Returns whether it wrote.</summary>
    public async Task<bool> InitializeAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (!HasReadinessGate(pod) || PodStates.GetPodCondition(pod, KruisePodConditions.KruisePodReady) is not null) return false;
        await WriteAsync(pod, "True", null, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>AddNotReadyKey: holds the pod not ready on behalf of <paramref name="key"/> (no-op without the gate).</summary>
    public async Task AddNotReadyKeyAsync(V1Pod pod, string key, CancellationToken cancellationToken)
    {
        if (!HasReadinessGate(pod)) return;
        var condition = PodStates.GetPodCondition(pod, KruisePodConditions.KruisePodReady);
        var messages = Parse(condition?.Message);
        if (condition?.Status == "False" && messages.Any(m => m.Is(key))) return;
        if (!messages.Any(m => m.Is(key))) messages.Add(new Message(LifecycleUserAgent, key));
        await WriteAsync(pod, "False", Dump(messages), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RemoveNotReadyKey: lets go of the pod for <paramref name="key"/>; True again once no entry is left.</summary>
    public async Task RemoveNotReadyKeyAsync(V1Pod pod, string key, CancellationToken cancellationToken)
    {
        if (!HasReadinessGate(pod) || PodStates.GetPodCondition(pod, KruisePodConditions.KruisePodReady) is not { } condition) return;
        var messages = Parse(condition.Message);
        if (messages.RemoveAll(m => m.Is(key)) == 0) return;
        await WriteAsync(pod, messages.Count == 0 ? "True" : condition.Status, Dump(messages), cancellationToken).ConfigureAwait(false);
    }

    Task<V1Pod> WriteAsync(V1Pod pod, string status, string? message, CancellationToken cancellationToken) =>
        PodConditionPatch.WriteAsync(pods, pod, fieldManager, KruisePodConditions.KruisePodReady, status, time.GetUtcNow().UtcDateTime, null, message, cancellationToken);

    static List<Message> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<Message>>(text) ?? [];
        }
        catch (JsonException)
        {
            // As OpenKruise: a message that is not the list is treated as empty.
            return [];
        }
    }

    /// <summary>Sorted by user agent, then key, as OpenKruise dumps the list.</summary>
    static string Dump(List<Message> messages) => JsonSerializer.Serialize(
        messages.OrderBy(m => m.UserAgent, StringComparer.Ordinal).ThenBy(m => m.Key, StringComparer.Ordinal).ToList());

    sealed record Message(
        [property: JsonPropertyName("userAgent")] string UserAgent,
        [property: JsonPropertyName("key")] string Key)
    {
        public bool Is(string key) => UserAgent == LifecycleUserAgent && Key == key;
    }
}
