using k8s.Models;

namespace Coxswain.Runtime.Workloads;

/// <summary>
/// The pod predicates every workload controller decides with, as <c>k8s.io/kubernetes/pkg/api/v1/pod</c> and
/// <c>pkg/controller</c> define them (<c>IsPodReady</c>, <c>IsPodAvailable</c>, <c>IsPodActive</c>,
/// <c>GetPodCondition</c>, <c>UpdatePodCondition</c>).
/// </summary>
public static class PodStates
{
    public const string Ready = "Ready";

    /// <summary>The pod's <c>Ready</c> condition is <c>True</c>.</summary>
    public static bool IsPodReady(V1Pod pod) => IsReady(GetPodCondition(pod, Ready));

    /// <summary>
    /// Ready, and for at least <paramref name="minReadySeconds"/>: upstream counts a pod available only once its
    /// <c>Ready</c> condition's <c>lastTransitionTime + minReadySeconds</c> lies strictly before <paramref name="now"/>.
    /// </summary>
    public static bool IsPodAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now) =>
        IsAvailable(GetPodCondition(pod, Ready), minReadySeconds, now);

    /// <summary>
    /// How long until a ready pod becomes available (zero when it already is or never will by waiting); controllers
    /// requeue after this so <c>availableReplicas</c> moves without another event.
    /// </summary>
    public static TimeSpan? TimeUntilAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now) =>
        TimeUntilAvailable(GetPodCondition(pod, Ready), minReadySeconds, now);

    /// <summary><see cref="IsPodReady"/> given the pod's <c>Ready</c> condition (null when it has none).</summary>
    /// <remarks>The overloads over the condition let a controller counting many pods look the condition up once per pod.</remarks>
    public static bool IsReady(V1PodCondition? ready) => ready?.Status == "True";

    /// <summary><see cref="IsPodAvailable"/> given the pod's <c>Ready</c> condition (null when it has none).</summary>
    public static bool IsAvailable(V1PodCondition? ready, int minReadySeconds, DateTimeOffset now) =>
        IsReady(ready)
        && (minReadySeconds == 0 || (ready!.LastTransitionTime is { } since && ToOffset(since).AddSeconds(minReadySeconds) < now));

    /// <summary><see cref="TimeUntilAvailable(V1Pod, int, DateTimeOffset)"/> given the pod's <c>Ready</c> condition (null when it has none).</summary>
    public static TimeSpan? TimeUntilAvailable(V1PodCondition? ready, int minReadySeconds, DateTimeOffset now)
    {
        if (minReadySeconds == 0 || ready is not { Status: "True", LastTransitionTime: { } since })
        {
            return null;
        }

        var remaining = ToOffset(since).AddSeconds(minReadySeconds) - now;
        return remaining >= TimeSpan.Zero ? remaining + TimeSpan.FromSeconds(1) : null;
    }

    /// <summary>Neither Succeeded nor Failed, and not being deleted: the pod still counts toward a workload's replicas.</summary>
    public static bool IsPodActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata?.DeletionTimestamp is null;

    /// <summary>Scheduled to a node (<c>spec.nodeName</c> set).</summary>
    public static bool IsPodScheduled(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    public static bool IsConditionTrue(V1Pod pod, string type) => GetPodCondition(pod, type)?.Status == "True";

    /// <summary>The first condition of <paramref name="type"/>, if any.</summary>
    public static V1PodCondition? GetPodCondition(V1Pod pod, string type)
    {
        // An indexed loop, not LINQ over the interface: workload controllers ask this of every pod they own.
        if (pod.Status?.Conditions is not { } conditions)
        {
            return null;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].Type == type)
            {
                return conditions[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Sets a condition, keeping <c>lastTransitionTime</c> unless the status changes (upstream <c>UpdatePodCondition</c>).
    /// Returns whether anything changed.
    /// </summary>
    public static bool SetPodCondition(V1Pod pod, V1PodCondition condition, DateTimeOffset now)
    {
        pod.Status ??= new V1PodStatus();
        pod.Status.Conditions ??= [];
        var existing = pod.Status.Conditions.FirstOrDefault(c => c.Type == condition.Type);
        if (existing is null)
        {
            condition.LastTransitionTime ??= now.UtcDateTime;
            pod.Status.Conditions.Add(condition);
            return true;
        }

        var transitioned = existing.Status != condition.Status;
        var changed = transitioned || existing.Reason != condition.Reason || existing.Message != condition.Message;
        existing.LastTransitionTime = transitioned ? condition.LastTransitionTime ?? now.UtcDateTime : existing.LastTransitionTime;
        existing.Status = condition.Status;
        existing.Reason = condition.Reason;
        existing.Message = condition.Message;
        existing.LastProbeTime = condition.LastProbeTime ?? existing.LastProbeTime;
        return changed;
    }

    /// <summary>KubernetesClient reads RFC 3339 times as <see cref="DateTime"/>s of unspecified kind that are UTC.</summary>
    internal static DateTimeOffset ToOffset(DateTime time) =>
        new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
