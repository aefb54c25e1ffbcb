using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// OpenKruise's expectationDiffs: how many pods to create, delete and update in this round, and the limits on each.
/// </summary>
public sealed record CloneSetDiffs
{
    /// <summary>Pods to create (including surge).</summary>
    public int ScaleUpNum { get; init; }
    /// <summary>Of those, how many at the current (old) revision to keep the partition.</summary>
    public int ScaleUpNumOldRevision { get; init; }
    /// <summary>Creations allowed by <c>scaleStrategy.maxUnavailable</c>.</summary>
    public int ScaleUpLimit { get; init; }
    /// <summary>Pods to delete beyond those specified for deletion.</summary>
    public int ScaleDownNum { get; init; }
    public int ScaleDownNumOldRevision { get; init; }
    /// <summary>How many ready pods may be deleted now without exceeding maxUnavailable.</summary>
    public int DeleteReadyLimit { get; init; }
    /// <summary>Surge pods in use, and how many of them are old-revision pods.</summary>
    public int UseSurge { get; init; }
    public int UseSurgeOldRevision { get; init; }
    /// <summary>Pods to move to the update revision (negative: back to the current revision).</summary>
    public int UpdateNum { get; init; }
    /// <summary>Unavailable pods an update round may leave.</summary>
    public int UpdateMaxUnavailable { get; init; }

    /// <summary>
    /// calculateDiffsWithExpectation, "the most important algorithm in cloneset-controller" (without the
    /// CloneSetPartitionRollback and PreparingUpdateAsUpdate gates, both off by default).
    /// </summary>
    public static CloneSetDiffs Calculate(CloneSet cloneSet, IReadOnlyList<V1Pod> pods, string currentRevision, string updateRevision, DateTimeOffset now)
    {
        var spec = cloneSet.Spec;
        var replicas = spec.Replicas ?? CloneSetDefaults.DefaultReplicas;
        var strategy = spec.UpdateStrategy;
        var partition = Partition(cloneSet);
        var maxSurge = strategy.MaxSurge is null || strategy.Paused ? 0 : Scaled(strategy.MaxSurge, replicas, roundUp: true);
        var maxUnavailable = Scaled(strategy.MaxUnavailable ?? CloneSetDefaults.DefaultMaxUnavailable, replicas, roundUp: maxSurge == 0);
        var scaleMaxUnavailable = spec.ScaleStrategy.MaxUnavailable is null ? int.MaxValue : Scaled(spec.ScaleStrategy.MaxUnavailable, replicas, roundUp: true);

        int newCount = 0, newActive = 0, oldCount = 0, oldActive = 0;
        int unavailableNew = 0, unavailableOld = 0, toDeleteNew = 0, toDeleteOld = 0, preDeletingNew = 0, preDeletingOld = 0;
        foreach (var pod in pods)
        {
            var isNew = CloneSetRevisionLabels.IsAt(pod, updateRevision);
            if (isNew) newCount++; else oldCount++;
            if (CloneSetPods.LifecycleState(pod) == LifecycleStates.PreparingDelete)
            {
                if (isNew) preDeletingNew++; else preDeletingOld++;
                continue;
            }
            if (isNew) newActive++; else oldActive++;
            if (CloneSetPods.IsSpecifiedDelete(cloneSet, pod))
            {
                if (isNew) toDeleteNew++; else toDeleteOld++;
            }
            else if (!CloneSetPodStates.IsAvailable(pod, spec.MinReadySeconds, now))
            {
                if (isNew) unavailableNew++; else unavailableOld++;
            }
        }

        var updateOldDiff = oldActive - partition;
        var updateNewDiff = newActive - (replicas - partition);
        var totalUnavailable = preDeletingNew + preDeletingOld + unavailableNew + unavailableOld;
        // Without CloneSetPartitionRollback pods only ever move forward to the update revision.
        updateOldDiff = Math.Max(updateOldDiff, 0);
        updateNewDiff = Math.Min(updateNewDiff, 0);

        int useSurge = 0, useSurgeOld = 0;
        if (maxSurge > 0)
        {
            // Surge to keep maxUnavailable while specified pods are replaced.
            int scaleSurge = 0, scaleOldSurge = 0;
            if (toDeleteNew + toDeleteOld is var toDelete and > 0)
            {
                scaleSurge = Math.Min(Math.Max(totalUnavailable + toDelete - maxUnavailable, 0), toDelete);
                if (scaleSurge > toDeleteNew) scaleOldSurge = scaleSurge - toDeleteNew;
            }
            // Surge for moving pods between revisions.
            int updateSurge = 0, updateOldSurge = 0;
            if ((updateOldDiff > 0 && updateNewDiff < 0) || (updateOldDiff < 0 && updateNewDiff > 0))
            {
                if (Math.Abs(updateOldDiff) <= Math.Abs(updateNewDiff))
                {
                    updateSurge = Math.Abs(updateOldDiff);
                    if (updateOldDiff < 0) updateOldSurge = updateSurge;
                }
                else
                {
                    updateSurge = Math.Abs(updateNewDiff);
                    if (updateNewDiff > 0) updateOldSurge = updateSurge;
                }
            }
            // The controller never scales and updates in one round, so one of the two surges is used.
            if (scaleSurge >= updateSurge)
            {
                useSurge = Math.Min(maxSurge, scaleSurge);
                useSurgeOld = Math.Min(useSurge, scaleOldSurge);
            }
            else
            {
                useSurge = Math.Min(maxSurge, updateSurge);
                useSurgeOld = Math.Min(useSurge, updateOldSurge);
            }
        }

        var currentTotal = pods.Count;
        var currentTotalOld = oldCount;
        if (cloneSet.Metadata.Labels?.TryGetValue(Coxswain.Apis.Apps.KruiseLabels.CloneSetScalingExcludePreparingDelete, out var exclude) == true && exclude == "true")
        {
            currentTotal -= preDeletingOld + preDeletingNew;
            currentTotalOld -= preDeletingOld;
        }
        var expectedTotal = replicas + useSurge;
        var expectedTotalOld = partition + useSurgeOld;

        int scaleUp = 0, scaleUpOld = 0, scaleUpLimit = 0, scaleDown = 0, scaleDownOld = 0, deleteReadyLimit = 0;
        if (expectedTotal - currentTotal is var up and > 0)
        {
            scaleUp = up;
            scaleUpOld = Math.Max(expectedTotalOld - currentTotalOld, 0);
            scaleUpLimit = Math.Min(scaleUp, Math.Max(scaleMaxUnavailable - totalUnavailable, 0));
        }
        // Pods already specified for deletion are not deleted twice.
        if (currentTotal - toDeleteOld - toDeleteNew - expectedTotal is var down and > 0)
        {
            scaleDown = down;
            scaleDownOld = Math.Max(currentTotalOld - toDeleteOld - expectedTotalOld, 0);
        }
        if (toDeleteNew > 0 || toDeleteOld > 0 || scaleDown > 0)
            deleteReadyLimit = Math.Max(maxUnavailable + (pods.Count - replicas) - totalUnavailable, 0);

        var updateNum = Math.Abs(updateOldDiff) <= Math.Abs(updateNewDiff) ? updateOldDiff : -updateNewDiff;
        return new CloneSetDiffs
        {
            ScaleUpNum = scaleUp, ScaleUpNumOldRevision = scaleUpOld, ScaleUpLimit = scaleUpLimit,
            ScaleDownNum = scaleDown, ScaleDownNumOldRevision = scaleDownOld, DeleteReadyLimit = deleteReadyLimit,
            UseSurge = useSurge, UseSurgeOldRevision = useSurgeOld,
            UpdateNum = updateNum, UpdateMaxUnavailable = updateNum != 0 ? maxUnavailable + pods.Count - replicas : 0,
        };
    }

    /// <summary>CalculatePartitionReplicas: the partition as a pod count (percent rounded up), at most replicas; 0 when invalid.</summary>
    public static int Partition(CloneSet cloneSet)
    {
        var replicas = cloneSet.Spec.Replicas ?? CloneSetDefaults.DefaultReplicas;
        if (cloneSet.Spec.UpdateStrategy.Partition is not { } partition) return 0;
        try
        {
            return Math.Min(IntOrPercent.GetScaledValue(partition, replicas, roundUp: true), replicas);
        }
        catch (FormatException)
        {
            return 0;
        }
    }

    static int Scaled(IntOrString value, int replicas, bool roundUp)
    {
        try
        {
            return IntOrPercent.GetScaledValue(value, replicas, roundUp);
        }
        catch (FormatException)
        {
            return 0;
        }
    }
}
