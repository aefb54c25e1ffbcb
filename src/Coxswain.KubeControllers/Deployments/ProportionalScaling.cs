using k8s.Models;

namespace Coxswain.KubeControllers.Deployments;

/// <summary>
/// The Deployment controller's <c>scale</c> during a rollout: when <c>spec.replicas</c> changes while several
/// ReplicaSets have pods, the difference is spread over them in proportion to their size (by the max-replicas they
/// were sized for), so a rollout in progress neither stalls nor over-commits. Returns the new size of every ReplicaSet.
/// </summary>
internal static class ProportionalScaling
{
    public static IReadOnlyDictionary<string, int> Plan(V1Deployment d, IReadOnlyList<V1ReplicaSet> activeReplicaSets)
    {
        var allowedSize = RolloutMath.Replicas(d) > 0 ? RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d) : 0;
        var toAdd = allowedSize - RolloutMath.SpecReplicas(activeReplicaSets);

        // Growth goes to the biggest (then newest) first; shrinking starts at the biggest (then oldest).
        var ordered = toAdd > 0
            ? activeReplicaSets.OrderByDescending(RolloutMath.Replicas).ThenByDescending(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ToList()
            : activeReplicaSets.OrderByDescending(RolloutMath.Replicas).ThenBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ToList();

        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var added = 0;
        foreach (var rs in ordered)
        {
            var proportion = toAdd != 0 ? Proportion(rs, d, toAdd, added) : 0;
            sizes[rs.Metadata.Name] = RolloutMath.Replicas(rs) + proportion;
            added += proportion;
        }

        // Rounding leftovers go to the largest ReplicaSet.
        if (toAdd != 0 && ordered.Count > 0)
        {
            var first = ordered[0].Metadata.Name;
            sizes[first] = Math.Max(0, sizes[first] + toAdd - added);
        }

        return sizes;
    }

    private static int Proportion(V1ReplicaSet rs, V1Deployment d, int toAdd, int added)
    {
        if (RolloutMath.Replicas(rs) == 0 || toAdd == added)
        {
            return 0;
        }

        var fraction = Fraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    /// <summary><c>getReplicaSetFraction</c>: the ReplicaSet's share of the new size, rounded half away from zero.</summary>
    private static int Fraction(V1ReplicaSet rs, V1Deployment d)
    {
        if (RolloutMath.Replicas(d) == 0)
        {
            return -RolloutMath.Replicas(rs);
        }

        var deploymentReplicas = RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d);
        var annotated = DeploymentAnnotations.ReadInt(rs, DeploymentAnnotations.MaxReplicas) ?? d.Status?.Replicas ?? 0;
        if (annotated == 0)
        {
            return 0;
        }

        var newSize = (double)RolloutMath.Replicas(rs) * deploymentReplicas / annotated;
        return (int)Math.Round(newSize, MidpointRounding.AwayFromZero) - RolloutMath.Replicas(rs);
    }
}
