using Coxswain.Apis.Apps.Models;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.LocalCluster.Selectors;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// OpenKruise's calculateStatus: counts of all, ready, available and updated pods, the revisions, the partition's
/// expected updated count and the selector string the scale subresource (and HPA) reads.
/// </summary>
public static class CloneSetStatusCalculator
{
    public static CloneSetStatus Calculate(CloneSet cloneSet, IReadOnlyList<V1Pod> pods, string currentRevision, string updateRevision, int? collisionCount, DateTimeOffset now)
    {
        var minReadySeconds = cloneSet.Spec.MinReadySeconds;
        var status = new CloneSetStatus
        {
            ObservedGeneration = cloneSet.Metadata.Generation ?? 0,
            UpdateRevision = updateRevision,
            CurrentRevision = currentRevision,
            CollisionCount = collisionCount,
            LabelSelector = cloneSet.Spec.Selector is null ? null : LabelSelector.FromLabelSelectorJson(ModelJson.ToJsonObject(cloneSet.Spec.Selector)).ToString(),
        };
        foreach (var pod in pods)
        {
            status.Replicas++;
            var ready = CloneSetPodStates.IsUpdateReady(pod, 0, now);
            var available = CloneSetPodStates.IsAvailable(pod, minReadySeconds, now);
            if (ready) status.ReadyReplicas++;
            if (available) status.AvailableReplicas++;
            if (!CloneSetRevisionLabels.IsAt(pod, updateRevision)) continue;
            status.UpdatedReplicas++;
            if (ready) status.UpdatedReadyReplicas++;
            if (available) status.UpdatedAvailableReplicas++;
        }

        var replicas = cloneSet.Spec.Replicas ?? CloneSetDefaults.DefaultReplicas;
        // All pods at the update revision and as many as desired: it is stable, whether or not they are ready yet.
        if (status.UpdatedReplicas == status.Replicas && status.Replicas == replicas) status.CurrentRevision = updateRevision;
        status.ExpectedUpdatedReplicas = replicas - CloneSetDiffs.Partition(cloneSet);
        return status;
    }
}
