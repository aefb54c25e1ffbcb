using k8s.Models;

namespace Coxswain.KubeControllers.Deployments;

/// <summary>
/// How far the old ReplicaSets of a rolling update may shrink now (<c>reconcileOldReplicaSets</c>): never below
/// replicas − maxUnavailable available pods, unhealthy old pods first (<c>cleanupUnhealthyReplicas</c>), then available
/// ones, oldest ReplicaSet first (<c>scaleDownOldReplicaSetsForRollingUpdate</c>). Returns the new size per ReplicaSet.
/// </summary>
internal static class RollingUpdatePlanner
{
    public static IReadOnlyList<(V1ReplicaSet ReplicaSet, int Replicas)> ScaleDownOld(
        V1Deployment d, V1ReplicaSet? newRS, IReadOnlyList<V1ReplicaSet> activeOldRSs, IReadOnlyList<V1ReplicaSet> allRSs)
    {
        var decisions = new List<(V1ReplicaSet, int)>();
        if (RolloutMath.SpecReplicas(activeOldRSs) == 0)
        {
            return decisions;
        }

        var allPodsCount = RolloutMath.SpecReplicas(allRSs);
        var minAvailable = RolloutMath.Replicas(d) - RolloutMath.MaxUnavailable(d);
        var newRSUnavailable = RolloutMath.Replicas(newRS) - (newRS?.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
        if (maxScaledDown <= 0)
        {
            return decisions;
        }

        // Unhealthy replicas first: removing them cannot lower availability.
        var sizes = activeOldRSs.ToDictionary(rs => rs.Metadata.Name, RolloutMath.Replicas, StringComparer.Ordinal);
        var cleaned = 0;
        foreach (var rs in RolloutMath.ByCreation(activeOldRSs))
        {
            if (cleaned >= maxScaledDown)
            {
                break;
            }

            var replicas = sizes[rs.Metadata.Name];
            var available = Available(rs);
            if (replicas == 0 || replicas == available)
            {
                continue;
            }

            var count = Math.Min(maxScaledDown - cleaned, replicas - available);
            sizes[rs.Metadata.Name] = replicas - count;
            cleaned += count;
        }

        // Then available ones, as far as the unavailability budget allows.
        var availablePodCount = allRSs.Sum(Available);
        var totalScaleDown = availablePodCount - minAvailable;
        var scaledDown = 0;
        if (totalScaleDown > 0)
        {
            foreach (var rs in RolloutMath.ByCreation(activeOldRSs))
            {
                if (scaledDown >= totalScaleDown)
                {
                    break;
                }

                var replicas = sizes[rs.Metadata.Name];
                if (replicas == 0)
                {
                    continue;
                }

                var count = Math.Min(replicas, totalScaleDown - scaledDown);
                sizes[rs.Metadata.Name] = replicas - count;
                scaledDown += count;
            }
        }

        foreach (var rs in RolloutMath.ByCreation(activeOldRSs))
        {
            if (sizes[rs.Metadata.Name] != RolloutMath.Replicas(rs))
            {
                decisions.Add((rs, sizes[rs.Metadata.Name]));
            }
        }

        return decisions;
    }

    /// <summary>
    /// A ReplicaSet's available pods as far as they will stay: its status may still count pods its smaller spec is
    /// about to delete (the ReplicaSet controller has not caught up), and those must not be spent twice.
    /// </summary>
    private static int Available(V1ReplicaSet rs) => Math.Min(rs.Status?.AvailableReplicas ?? 0, RolloutMath.Replicas(rs));
}
