using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.KubeControllers.ReplicaSets;

/// <summary>
/// What <c>calculateStatus</c> counts over a ReplicaSet's active pods — replicas, fully labeled, ready, available — and
/// how long until the next ready pod turns available (the requeue that moves <c>availableReplicas</c> on).
/// </summary>
internal readonly record struct ReplicaSetPodCounts(int Replicas, int FullyLabeled, int Ready, int Available, TimeSpan? UntilAvailable)
{
    /// <summary>
    /// Counts in one pass, looking each pod's <c>Ready</c> condition up once: every status update of any pod of the
    /// ReplicaSet runs this over all of its pods, thousands in a large Deployment.
    /// </summary>
    public static ReplicaSetPodCounts Of(V1ReplicaSet rs, IReadOnlyList<V1Pod> activePods, DateTimeOffset now)
    {
        var minReadySeconds = rs.Spec.MinReadySeconds ?? 0;
        KeyValuePair<string, string>[] templateLabels = rs.Spec.Template?.Metadata?.Labels is { } labels ? [.. labels] : [];
        int fullyLabeled = 0, ready = 0, available = 0;
        TimeSpan? untilAvailable = null;
        for (var i = 0; i < activePods.Count; i++)
        {
            var pod = activePods[i];
            if (HasAll(pod.Metadata.Labels, templateLabels))
            {
                fullyLabeled++;
            }

            var readyCondition = PodStates.GetPodCondition(pod, PodStates.Ready);
            if (PodStates.IsReady(readyCondition))
            {
                ready++;
            }

            if (PodStates.IsAvailable(readyCondition, minReadySeconds, now))
            {
                available++;
            }

            if (PodStates.TimeUntilAvailable(readyCondition, minReadySeconds, now) is { } wait && (untilAvailable is null || wait < untilAvailable))
            {
                untilAvailable = wait;
            }
        }

        return new ReplicaSetPodCounts(activePods.Count, fullyLabeled, ready, available, untilAvailable);
    }

    private static bool HasAll(IDictionary<string, string>? labels, KeyValuePair<string, string>[] required)
    {
        foreach (var (key, value) in required)
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }
}
