using k8s;
using k8s.Models;

namespace Coxswain.KubeControllers.Deployments;

/// <summary>
/// <c>calculateStatus</c> and the progress estimation of <c>syncRolloutStatus</c>: counts summed over the
/// ReplicaSets, Available while at least replicas − maxUnavailable pods are, and Progressing that moves between
/// ReplicaSetUpdated, NewReplicaSetAvailable and ProgressDeadlineExceeded.
/// </summary>
internal static class DeploymentStatusCalculator
{
    public static V1DeploymentStatus Calculate(V1Deployment d, IReadOnlyList<V1ReplicaSet> allRSs, V1ReplicaSet? newRS, DateTimeOffset now)
    {
        var available = RolloutMath.AvailableReplicas(allRSs);
        var total = RolloutMath.SpecReplicas(allRSs);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = RolloutMath.ActualReplicas(allRSs),
            UpdatedReplicas = RolloutMath.ActualReplicas([newRS]),
            ReadyReplicas = RolloutMath.ReadyReplicas(allRSs),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, total - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions?.Select(Clone).ToList(),
        };

        DeploymentConditions.Set(status, available >= RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d)
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
        return status;
    }

    /// <summary>The status <c>syncRolloutStatus</c> writes: <see cref="Calculate"/> plus the Progressing estimate.</summary>
    public static V1DeploymentStatus CalculateRollout(V1Deployment d, IReadOnlyList<V1ReplicaSet> allRSs, V1ReplicaSet? newRS, DateTimeOffset now)
    {
        var status = Calculate(d, allRSs, newRS, now);
        if (!DeploymentConditions.HasProgressDeadline(d))
        {
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        }

        var current = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        var isComplete = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewRSAvailableReason;
        if (DeploymentConditions.HasProgressDeadline(d) && !isComplete)
        {
            if (IsComplete(d, status))
            {
                var message = newRS is null ? $"Deployment \"{d.Metadata.Name}\" has successfully progressed." : $"ReplicaSet \"{newRS.Metadata.Name}\" has successfully progressed.";
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewRSAvailableReason, message, now));
            }
            else if (IsProgressing(d, status))
            {
                var message = newRS is null ? $"Deployment \"{d.Metadata.Name}\" is progressing." : $"ReplicaSet \"{newRS.Metadata.Name}\" is progressing.";
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdatedReason, message, now);

                // Progress refreshes lastUpdateTime (the deadline counts from it) but not lastTransitionTime.
                if (current is not null)
                {
                    if (current.Status == "True")
                    {
                        condition.LastTransitionTime = current.LastTransitionTime;
                    }

                    DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                }

                DeploymentConditions.Set(status, condition);
            }
            else if (IsTimedOut(d, status, now))
            {
                var message = newRS is null ? $"Deployment \"{d.Metadata.Name}\" has timed out progressing." : $"ReplicaSet \"{newRS.Metadata.Name}\" has timed out progressing.";
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.TimedOutReason, message, now));
            }
        }

        // The first failure condition of the ReplicaSets (new one first) becomes the Deployment's.
        var failure = allRSs.OrderBy(rs => rs == newRS ? 0 : 1)
            .Select(rs => rs.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == "True"))
            .FirstOrDefault(c => c is not null);
        if (failure is not null)
        {
            DeploymentConditions.Set(status, new V1DeploymentCondition
            {
                Type = DeploymentConditions.ReplicaFailure,
                Status = failure.Status,
                Reason = failure.Reason,
                Message = failure.Message,
                LastUpdateTime = failure.LastTransitionTime,
                LastTransitionTime = failure.LastTransitionTime,
            });
        }
        else
        {
            DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        }

        return status;
    }

    /// <summary><c>DeploymentComplete</c>: every replica updated and available, and the latest spec observed.</summary>
    public static bool IsComplete(V1Deployment d, V1DeploymentStatus status) =>
        status.UpdatedReplicas == RolloutMath.Replicas(d)
        && status.Replicas == RolloutMath.Replicas(d)
        && status.AvailableReplicas == RolloutMath.Replicas(d)
        && status.ObservedGeneration >= d.Metadata.Generation;

    /// <summary><c>DeploymentProgressing</c>: more updated, fewer old, more ready or more available pods than before.</summary>
    public static bool IsProgressing(V1Deployment d, V1DeploymentStatus status)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (status.Replicas ?? 0) - (status.UpdatedReplicas ?? 0);
        return (status.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0)
            || newOld < oldOld
            || (status.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0)
            || (status.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    /// <summary><c>DeploymentTimedOut</c>: no progress for progressDeadlineSeconds since the condition's lastUpdateTime.</summary>
    public static bool IsTimedOut(V1Deployment d, V1DeploymentStatus status, DateTimeOffset now) =>
        TimeUntilDeadline(d, status, now) is { } remaining && remaining < TimeSpan.Zero
        || DeploymentConditions.Get(status, DeploymentConditions.Progressing)?.Reason == DeploymentConditions.TimedOutReason;

    /// <summary>
    /// <c>requeueStuckDeployment</c>: how long until an unfinished rollout hits its deadline, so it is looked at again
    /// then; null when there is nothing to watch.
    /// </summary>
    public static TimeSpan? TimeUntilDeadline(V1Deployment d, V1DeploymentStatus status, DateTimeOffset now)
    {
        var condition = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (!DeploymentConditions.HasProgressDeadline(d) || condition?.LastUpdateTime is not { } lastUpdate
            || condition.Reason is DeploymentConditions.NewRSAvailableReason or DeploymentConditions.TimedOutReason
            || IsComplete(d, status))
        {
            return null;
        }

        return new DateTimeOffset(DateTime.SpecifyKind(lastUpdate, DateTimeKind.Utc)).AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) - now;
    }

    public static bool Equal(V1DeploymentStatus? a, V1DeploymentStatus? b) =>
        KubernetesJson.Serialize(a ?? new V1DeploymentStatus()) == KubernetesJson.Serialize(b ?? new V1DeploymentStatus());

    private static V1DeploymentCondition Clone(V1DeploymentCondition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastUpdateTime = c.LastUpdateTime,
        LastTransitionTime = c.LastTransitionTime,
    };
}
