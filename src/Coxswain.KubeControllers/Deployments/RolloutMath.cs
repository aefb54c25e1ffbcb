using System.Text.Json.Nodes;
using Coxswain.Runtime.Workloads;
using k8s;
using k8s.Models;

namespace Coxswain.KubeControllers.Deployments;

/// <summary>
/// The arithmetic of <c>deployment/util</c>: surge and unavailability budgets, replica counts over ReplicaSets, and
/// which ReplicaSet is the new one.
/// </summary>
internal static class RolloutMath
{
    public static bool IsRollingUpdate(V1Deployment d) => d.Spec.Strategy?.Type is null or "RollingUpdate";

    public static int Replicas(V1Deployment d) => d.Spec.Replicas ?? 1;

    public static int Replicas(V1ReplicaSet? rs) => rs?.Spec.Replicas ?? 0;

    /// <summary>
    /// <c>ResolveFenceposts</c>: maxSurge rounds up, maxUnavailable rounds down, and both zero means one unavailable
    /// (validation forbids it, but a percentage can round to zero).
    /// </summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = IntOrPercent.GetScaledValue(maxSurge ?? (IntOrString)0, desired, roundUp: true);
        var unavailable = IntOrPercent.GetScaledValue(maxUnavailable ?? (IntOrString)0, desired, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    public static int MaxSurge(V1Deployment d) =>
        IsRollingUpdate(d)
            ? ResolveFenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d)).Surge
            : 0;

    public static int MaxUnavailable(V1Deployment d)
    {
        if (!IsRollingUpdate(d) || Replicas(d) == 0)
        {
            return 0;
        }

        var unavailable = ResolveFenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d)).Unavailable;
        return Math.Min(unavailable, Replicas(d));
    }

    public static int SpecReplicas(IEnumerable<V1ReplicaSet?> replicaSets) => replicaSets.Sum(Replicas);

    public static int ActualReplicas(IEnumerable<V1ReplicaSet?> replicaSets) => replicaSets.Sum(rs => rs?.Status?.Replicas ?? 0);

    public static int ReadyReplicas(IEnumerable<V1ReplicaSet?> replicaSets) => replicaSets.Sum(rs => rs?.Status?.ReadyReplicas ?? 0);

    public static int AvailableReplicas(IEnumerable<V1ReplicaSet?> replicaSets) => replicaSets.Sum(rs => rs?.Status?.AvailableReplicas ?? 0);

    /// <summary>
    /// <c>NewRSNewReplicas</c>: how far the new ReplicaSet may grow now — under RollingUpdate, up to replicas + maxSurge
    /// pods in total; under Recreate, all the way.
    /// </summary>
    public static int NewRSNewReplicas(V1Deployment d, IEnumerable<V1ReplicaSet?> allReplicaSets, V1ReplicaSet newRS)
    {
        if (!IsRollingUpdate(d))
        {
            return Replicas(d);
        }

        var currentPodCount = SpecReplicas(allReplicaSets);
        var maxTotalPods = Replicas(d) + MaxSurge(d);
        if (currentPodCount >= maxTotalPods)
        {
            return Replicas(newRS);
        }

        var scaleUpCount = Math.Min(maxTotalPods - currentPodCount, Replicas(d) - Replicas(newRS));
        return Replicas(newRS) + scaleUpCount;
    }

    /// <summary><c>IsSaturated</c>: the new ReplicaSet runs every replica, all of them available.</summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs) =>
        rs is not null
        && DeploymentAnnotations.ReadInt(rs, DeploymentAnnotations.DesiredReplicas) == Replicas(d)
        && Replicas(rs) == Replicas(d)
        && (rs.Status?.AvailableReplicas ?? 0) == Replicas(d);

    /// <summary>
    /// <c>FindNewReplicaSet</c>: the oldest ReplicaSet whose template equals the Deployment's, <c>pod-template-hash</c>
    /// aside (the oldest, because a hash collision can leave two).
    /// </summary>
    public static V1ReplicaSet? FindNewReplicaSet(V1Deployment d, IEnumerable<V1ReplicaSet> replicaSets) =>
        ByCreation(replicaSets).FirstOrDefault(rs => EqualIgnoreHash(rs.Spec.Template, d.Spec.Template));

    /// <summary><c>EqualIgnoreHash</c>: templates compared without the <c>pod-template-hash</c> label.</summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b) =>
        JsonNode.DeepEquals(WithoutHash(a), WithoutHash(b));

    /// <summary><c>ReplicaSetsByCreationTimestamp</c>: oldest first, then by name.</summary>
    public static IEnumerable<V1ReplicaSet> ByCreation(IEnumerable<V1ReplicaSet> replicaSets) =>
        replicaSets.OrderBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal);

    /// <summary><c>FindActiveOrLatest</c>: the one ReplicaSet with pods, or else the newest one.</summary>
    public static V1ReplicaSet? FindActiveOrLatest(V1ReplicaSet? newRS, IReadOnlyList<V1ReplicaSet> oldRSs)
    {
        if (newRS is null && oldRSs.Count == 0)
        {
            return null;
        }

        var active = oldRSs.Append(newRS).OfType<V1ReplicaSet>().Where(rs => Replicas(rs) > 0).ToList();
        return active.Count switch
        {
            0 => newRS ?? ByCreation(oldRSs).Last(),
            1 => active[0],
            _ => null,
        };
    }

    private static JsonNode? WithoutHash(V1PodTemplateSpec? template)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(template ?? new V1PodTemplateSpec()));
        if (json?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(PodTemplateHash.Label);
            if (labels.Count == 0)
            {
                json["metadata"]!.AsObject().Remove("labels");
            }
        }

        return json;
    }
}
