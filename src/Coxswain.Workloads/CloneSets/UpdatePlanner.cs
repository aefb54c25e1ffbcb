using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Workloads.InPlaceUpdate;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>Which pods move to which revision this round, in order.</summary>
public sealed record UpdatePlan(string TargetRevision, IReadOnlyList<V1Pod> Pods)
{
    public static readonly UpdatePlan Nothing = new("", []);
}

/// <summary>
/// The update step of OpenKruise's CloneSet controller as a pure function: unless paused, the pods not at the target
/// revision (except those being deleted or waiting out a grace period) in update order, cut to the partition's count
/// and to what maxUnavailable (plus surge) allows — an update never makes more pods unavailable than that.
/// </summary>
public static class UpdatePlanner
{
    public static UpdatePlan Plan(CloneSet cloneSet, IReadOnlyList<V1Pod> pods, string currentRevision, string updateRevision, DateTimeOffset now)
    {
        var strategy = cloneSet.Spec.UpdateStrategy;
        if (strategy.Paused) return UpdatePlan.Nothing;
        var diffs = CloneSetDiffs.Calculate(cloneSet, pods, currentRevision, updateRevision, now);
        if (diffs.UpdateNum == 0) return UpdatePlan.Nothing;

        var target = diffs.UpdateNum > 0 ? updateRevision : currentRevision;
        var waiting = pods.Where(p =>
            CloneSetRevisionLabels.IsAt(p, updateRevision) != diffs.UpdateNum > 0
            && CloneSetPods.LifecycleState(p) != LifecycleStates.PreparingDelete
            && !CloneSetPods.IsSpecifiedDelete(cloneSet, p)
            && !InPlaceUpdateAnnotations.HasGrace(p));
        var ordered = UpdateOrder.Sort(waiting, strategy.PriorityStrategy, strategy.ScatterStrategy);
        return new UpdatePlan(target, Limit(ordered, diffs, pods, target, cloneSet.Spec.MinReadySeconds, now));
    }

    /// <summary>limitUpdateIndexes: at most |updateNum| pods, and never more unavailable pods than updateMaxUnavailable.</summary>
    static List<V1Pod> Limit(List<V1Pod> waiting, CloneSetDiffs diffs, IReadOnlyList<V1Pod> pods, string target, int minReadySeconds, DateTimeOffset now)
    {
        waiting = waiting.Take(Math.Abs(diffs.UpdateNum)).ToList();
        var unavailable = pods.Count(p => !CloneSetPodStates.IsAvailable(p, minReadySeconds, now));
        var targetUnavailable = pods.Count(p => !CloneSetPodStates.IsAvailable(p, minReadySeconds, now) && CloneSetRevisionLabels.IsAt(p, target));
        var result = new List<V1Pod>();
        foreach (var pod in waiting)
        {
            if (targetUnavailable + result.Count >= diffs.UpdateMaxUnavailable) break;
            // Updating a pod that is already unavailable does not make one more unavailable.
            if (CloneSetPodStates.IsAvailable(pod, minReadySeconds, now))
            {
                if (unavailable >= diffs.UpdateMaxUnavailable) break;
                unavailable++;
            }
            result.Add(pod);
        }
        return result;
    }

    /// <summary>Revision labels plus lifecycle state Updating, written with the in-place update.</summary>
    public static Dictionary<string, string> InPlaceLabels(string revision)
    {
        var labels = CloneSetRevisionLabels.For(revision);
        labels[KruiseLabels.LifecycleState] = LifecycleStates.Updating;
        return labels;
    }
}
