using System.Globalization;
using k8s.Models;

namespace Coxswain.Runtime.Workloads;

/// <summary>
/// kube-controller-manager's <c>ActivePodsWithRanks</c> ordering (LogarithmicScaleDown and PodDeletionCost on, as they
/// are by default): pods that sort first are deleted first when scaling down.
/// </summary>
/// <remarks>
/// 1. unscheduled &lt; scheduled; 2. Pending &lt; Unknown &lt; Running; 3. not ready &lt; ready — preceded, when an
/// availability test is given (OpenKruise's <c>AvailableFunc</c>, e.g. CloneSet's minReadySeconds and
/// <c>unavailable-pod.kruise.io/</c> labels), by not available &lt; available; 4. lower
/// <c>controller.kubernetes.io/pod-deletion-cost</c> first; 5. higher rank (e.g. more related pods on the same node)
/// first; 6. ready more recently first, compared on a log2 scale of the time since (ties broken by UID); 7. more
/// container restarts first (regular containers, then restartable init containers); 8. created more recently first,
/// on the same log2 scale.
/// </remarks>
public sealed class ActivePodsWithRanks : IComparer<V1Pod>
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    private readonly IReadOnlyDictionary<string, int> _ranks;
    private readonly DateTimeOffset? _now;
    private readonly Func<V1Pod, bool>? _available;

    /// <param name="ranks">Rank per pod UID (missing = 0).</param>
    /// <param name="now">The reference time of the logarithmic comparisons; null compares times directly.</param>
    /// <param name="available">Whether a pod counts as available; null skips that step, as kube-controller-manager does.</param>
    public ActivePodsWithRanks(IReadOnlyDictionary<string, int>? ranks = null, DateTimeOffset? now = null, Func<V1Pod, bool>? available = null)
    {
        _ranks = ranks ?? new Dictionary<string, int>();
        _now = now;
        _available = available;
    }

    /// <summary>
    /// <c>getPodsRankedByRelatedPodsOnSameNode</c>: each pod's rank is the number of active <paramref name="relatedPods"/>
    /// on its node, so pods doubled up on a node go first.
    /// </summary>
    public static IReadOnlyDictionary<string, int> RanksByRelatedPodsOnSameNode(IEnumerable<V1Pod> pods, IEnumerable<V1Pod> relatedPods)
    {
        var perNode = relatedPods.Where(p => PodStates.IsPodActive(p) && PodStates.IsPodScheduled(p))
            .GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count());
        return pods.ToDictionary(
            p => p.Metadata.Uid,
            p => PodStates.IsPodScheduled(p) ? perNode.GetValueOrDefault(p.Spec.NodeName) : 0);
    }

    public int Compare(V1Pod? x, V1Pod? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Less(x, y) ? -1 : Less(y, x) ? 1 : 0;
    }

    private bool Less(V1Pod i, V1Pod j)
    {
        // 1. Unassigned < assigned.
        if (PodStates.IsPodScheduled(i) != PodStates.IsPodScheduled(j))
        {
            return !PodStates.IsPodScheduled(i);
        }

        // 2. PodPending < PodUnknown < PodRunning.
        if (PhaseOrdinal(i) != PhaseOrdinal(j))
        {
            return PhaseOrdinal(i) < PhaseOrdinal(j);
        }

        // 3. Not available < available (when the workload defines availability), then not ready < ready.
        if (_available is not null && _available(i) != _available(j))
        {
            return !_available(i);
        }

        if (PodStates.IsPodReady(i) != PodStates.IsPodReady(j))
        {
            return !PodStates.IsPodReady(i);
        }

        // 4. Lower deletion cost < higher.
        var (costI, costJ) = (DeletionCost(i), DeletionCost(j));
        if (costI != costJ)
        {
            return costI < costJ;
        }

        // 5. Doubled up < not doubled up.
        var (rankI, rankJ) = (_ranks.GetValueOrDefault(i.Metadata.Uid ?? string.Empty), _ranks.GetValueOrDefault(j.Metadata.Uid ?? string.Empty));
        if (rankI != rankJ)
        {
            return rankI > rankJ;
        }

        // 6. Been ready for empty time < less time < more time.
        if (PodStates.IsPodReady(i) && PodStates.IsPodReady(j))
        {
            var (readyI, readyJ) = (ReadyTime(i), ReadyTime(j));
            if (readyI != readyJ)
            {
                return NewerFirst(i, j, readyI, readyJ);
            }
        }

        // 7. More restarts < fewer restarts.
        var (regularI, sidecarI) = MaxContainerRestarts(i);
        var (regularJ, sidecarJ) = MaxContainerRestarts(j);
        if (regularI != regularJ)
        {
            return regularI > regularJ;
        }

        if (sidecarI != sidecarJ)
        {
            return sidecarI > sidecarJ;
        }

        // 8. Empty creation time < newer < older.
        var (createdI, createdJ) = (i.Metadata.CreationTimestamp, j.Metadata.CreationTimestamp);
        return createdI != createdJ && NewerFirst(i, j, createdI, createdJ);
    }

    private bool NewerFirst(V1Pod i, V1Pod j, DateTime? timeI, DateTime? timeJ)
    {
        if (_now is not { } now || timeI is null || timeJ is null)
        {
            return AfterOrZero(timeI, timeJ);
        }

        var rankDiff = LogarithmicRank(timeI.Value, now) - LogarithmicRank(timeJ.Value, now);
        return rankDiff == 0
            ? string.CompareOrdinal(i.Metadata.Uid, j.Metadata.Uid) < 0
            : rankDiff < 0;
    }

    /// <summary><c>afterOrZero</c>: a missing time sorts first, then the later time.</summary>
    private static bool AfterOrZero(DateTime? a, DateTime? b) =>
        a is null || b is null ? a is null : a.Value > b.Value;

    /// <summary>⌊log2(nanoseconds since)⌋, or -1 for a time not in the past.</summary>
    private static int LogarithmicRank(DateTime time, DateTimeOffset now)
    {
        var nanoseconds = (now - PodStates.ToOffset(time)).Ticks * 100.0;
        return nanoseconds <= 0 ? -1 : (int)Math.Log2(nanoseconds);
    }

    private static int PhaseOrdinal(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 3,
    };

    private static DateTime? ReadyTime(V1Pod pod) =>
        PodStates.IsPodReady(pod) ? PodStates.GetPodCondition(pod, PodStates.Ready)?.LastTransitionTime : null;

    /// <summary>Invalid or absent costs count as 0, as upstream ignores them.</summary>
    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(DeletionCostAnnotation, out var text) == true
        && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost)
            ? cost
            : 0;

    private static (int Regular, int Sidecar) MaxContainerRestarts(V1Pod pod)
    {
        var regular = pod.Status?.ContainerStatuses?.Select(c => c.RestartCount).DefaultIfEmpty(0).Max() ?? 0;
        var sidecarNames = pod.Spec?.InitContainers?.Where(c => c.RestartPolicy == "Always").Select(c => c.Name).ToHashSet() ?? [];
        var sidecar = pod.Status?.InitContainerStatuses?.Where(c => sidecarNames.Contains(c.Name))
            .Select(c => c.RestartCount).DefaultIfEmpty(0).Max() ?? 0;
        return (regular, sidecar);
    }
}
