using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.KubeControllers.ReplicaSets;

/// <summary>
/// <c>calculateStatus</c> of the ReplicaSet controller: the counts over the active pods it owns, and the ReplicaFailure
/// condition while creating or deleting pods fails.
/// </summary>
internal static class ReplicaSetStatusCalculator
{
    public const string ReplicaFailure = "ReplicaFailure";

    public static V1ReplicaSetStatus Calculate(V1ReplicaSet rs, ReplicaSetPodCounts counts, Exception? manageError, bool scalingUp, DateTimeOffset now)
    {
        var status = new V1ReplicaSetStatus
        {
            Replicas = counts.Replicas,
            FullyLabeledReplicas = counts.FullyLabeled,
            ReadyReplicas = counts.Ready,
            AvailableReplicas = counts.Available,
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = rs.Status?.Conditions?.ToList(),
        };

        var failure = status.Conditions?.FirstOrDefault(c => c.Type == ReplicaFailure);
        if (manageError is not null && failure is null)
        {
            status.Conditions ??= [];
            status.Conditions.Add(new V1ReplicaSetCondition
            {
                Type = ReplicaFailure,
                Status = "True",
                Reason = scalingUp ? "FailedCreate" : "FailedDelete",
                Message = manageError is Runtime.Client.KubernetesApiException { Status.Message: { } message } ? message : manageError.Message,
                LastTransitionTime = now.UtcDateTime,
            });
        }
        else if (manageError is null && failure is not null)
        {
            status.Conditions!.Remove(failure);
        }

        if (status.Conditions is { Count: 0 })
        {
            status.Conditions = null;
        }

        return status;
    }

    /// <summary>Whether writing <paramref name="status"/> would change anything (upstream skips equal statuses).</summary>
    public static bool Differs(V1ReplicaSetStatus? current, V1ReplicaSetStatus status) =>
        current is null
        || current.Replicas != status.Replicas
        || (current.FullyLabeledReplicas ?? 0) != (status.FullyLabeledReplicas ?? 0)
        || (current.ReadyReplicas ?? 0) != (status.ReadyReplicas ?? 0)
        || (current.AvailableReplicas ?? 0) != (status.AvailableReplicas ?? 0)
        || current.ObservedGeneration != status.ObservedGeneration
        || (current.Conditions?.Count ?? 0) != (status.Conditions?.Count ?? 0);
}
