using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// The scale step of OpenKruise's CloneSet controller as a pure function of a snapshot: create missing pods (keeping
/// the partition's share at the current revision, within <c>scaleStrategy.maxUnavailable</c>), otherwise delete pods
/// specified for deletion, otherwise delete surplus pods in OpenKruise's order — ready pods only within maxUnavailable.
/// </summary>
public static class ScalePlanner
{
    /// <param name="pods">The CloneSet's active pods.</param>
    /// <param name="claims">Its PVCs (for reusing the instance ids of deleted pods).</param>
    /// <param name="newInstanceId">Draws a fresh instance id (random in production).</param>
    public static ScalePlan Plan(
        CloneSet cloneSet, IReadOnlyList<V1Pod> pods, IReadOnlyList<V1PersistentVolumeClaim> claims,
        string currentRevision, string updateRevision, DateTimeOffset now, Func<string>? newInstanceId = null)
    {
        if (CancelledDeletions(cloneSet, pods) is { Count: > 0 } cancelled)
            return ScalePlan.Nothing with { DeletionsCancelled = cancelled };

        var diffs = CloneSetDiffs.Calculate(cloneSet, pods, currentRevision, updateRevision, now);

        if (diffs.ScaleUpNum > 0)
        {
            var limited = diffs.ScaleUpNum > diffs.ScaleUpLimit ? diffs.ScaleUpLimit : (int?)null;
            var ids = InstanceIds.Available(diffs.ScaleUpLimit, pods, claims, reuseClaims: !cloneSet.Spec.ScaleStrategy.DisablePvcReuse, newInstanceId);
            var creations = ids.Select((id, i) => new PodCreation(id, i < diffs.ScaleUpNumOldRevision ? currentRevision : updateRevision)).ToList();
            return new ScalePlan(creations, [], limited);
        }

        // Pods a preDelete hook held, and has let go of, are deleted now.
        var released = pods.Where(p => CloneSetPods.LifecycleState(p) == LifecycleStates.PreparingDelete
            && !LifecycleHooks.IsHooked(cloneSet.Spec.Lifecycle?.PreDelete, p)).ToList();
        if (released.Count > 0) return new ScalePlan([], released, null);

        var specified = pods.Where(p => CloneSetPods.IsSpecifiedDelete(cloneSet, p) && CloneSetPods.LifecycleState(p) != LifecycleStates.PreparingDelete).ToList();
        if (specified.Count > 0) return new ScalePlan([], WithinReadyLimit(specified, diffs.DeleteReadyLimit, now), null);

        // Surplus pods are chosen only once no pod is still on its way out (held by a preDelete hook).
        if (diffs.ScaleDownNum > 0 && pods.All(p => CloneSetPods.LifecycleState(p) != LifecycleStates.PreparingDelete))
        {
            var updated = pods.Where(p => CloneSetRevisionLabels.IsAt(p, updateRevision)).ToList();
            var notUpdated = pods.Where(p => !CloneSetRevisionLabels.IsAt(p, updateRevision)).ToList();
            var chosen = ChoosePodsToDelete(cloneSet, pods, diffs.ScaleDownNum, diffs.ScaleDownNumOldRevision, notUpdated, updated, now);
            return new ScalePlan([], WithinReadyLimit(chosen, diffs.DeleteReadyLimit, now), null);
        }
        return ScalePlan.Nothing;
    }

    /// <summary>
    /// managePreparingDelete: when replicas went up again, pods held in PreparingDelete (not specified for deletion) are
    /// taken back instead of creating new ones — unless a hook marks pods not ready, which OpenKruise never regrets.
    /// </summary>
    static List<V1Pod> CancelledDeletions(CloneSet cloneSet, IReadOnlyList<V1Pod> pods)
    {
        var lifecycle = cloneSet.Spec.Lifecycle;
        if (lifecycle?.PreDelete?.MarkPodNotReady == true || lifecycle?.InPlaceUpdate?.MarkPodNotReady == true) return [];
        var preparingDelete = pods.Where(p => CloneSetPods.LifecycleState(p) == LifecycleStates.PreparingDelete).ToList();
        var toDelete = pods.Count(p => CloneSetPods.IsSpecifiedDelete(cloneSet, p) || preparingDelete.Contains(p));
        var missing = (cloneSet.Spec.Replicas ?? CloneSetDefaults.DefaultReplicas) - pods.Count + toDelete;
        return preparingDelete.Where(p => !CloneSetPods.IsSpecifiedDelete(cloneSet, p)).Take(Math.Max(missing, 0)).ToList();
    }

    /// <summary>Unready pods always go; ready ones only while the budget of <paramref name="deleteReadyLimit"/> lasts.</summary>
    static List<V1Pod> WithinReadyLimit(IEnumerable<V1Pod> candidates, int deleteReadyLimit, DateTimeOffset now)
    {
        var result = new List<V1Pod>();
        foreach (var pod in candidates)
        {
            if (!CloneSetPodStates.IsReady(pod, now)) result.Add(pod);
            else if (deleteReadyLimit > 0)
            {
                result.Add(pod);
                deleteReadyLimit--;
            }
        }
        return result;
    }

    /// <summary>choosePodsToDelete: old-revision pods first (up to <paramref name="oldRevisionDiff"/>), each group in deletion-rank order.</summary>
    static List<V1Pod> ChoosePodsToDelete(
        CloneSet cloneSet, IReadOnlyList<V1Pod> all, int totalDiff, int oldRevisionDiff, List<V1Pod> notUpdated, List<V1Pod> updated, DateTimeOffset now)
    {
        var ranks = ActivePodsWithRanks.RanksByRelatedPodsOnSameNode(all, all);
        var ranker = new ActivePodsWithRanks(ranks, now, pod => CloneSetPodStates.IsAvailable(pod, cloneSet.Spec.MinReadySeconds, now));
        IEnumerable<V1Pod> Choose(List<V1Pod> group, int diff) =>
            diff >= group.Count ? group : group.Order(ranker).Take(diff);

        if (oldRevisionDiff >= totalDiff) return Choose(notUpdated, totalDiff).ToList();
        if (oldRevisionDiff > 0) return [.. Choose(notUpdated, oldRevisionDiff), .. Choose(updated, totalDiff - oldRevisionDiff)];
        return Choose(updated, totalDiff).ToList();
    }
}
