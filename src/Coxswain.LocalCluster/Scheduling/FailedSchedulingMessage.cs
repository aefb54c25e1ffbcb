using Coxswain.LocalCluster.Scheduling.Filters;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>
/// The text of a scheduling failure (framework.FitError plus the default preemption plugin's diagnosis), as it appears in
/// the FailedScheduling event and the PodScheduled condition:
/// <c>0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.</c>
/// Reasons are counted over nodes and listed sorted as text, the count included, exactly as kube-scheduler sorts them.
/// </summary>
public static class FailedSchedulingMessage
{
    public const string NoNodesAvailable = "no nodes available to schedule pods";
    const string PreemptionNotHelpful = "Preemption is not helpful for scheduling";
    const string NoPreemptionVictims = "No preemption victims found for incoming pod";

    /// <param name="failures">One entry per node that was filtered out (every node, since none fit).</param>
    public static string Describe(SchedulingPod pod, int nodeCount, IReadOnlyCollection<FilterFailure> failures)
    {
        if (nodeCount == 0) return NoNodesAvailable;
        var reasons = Histogram(failures.SelectMany(f => f.Reasons));
        return $"0/{nodeCount} nodes are available: {reasons}. preemption: {Preemption(pod, nodeCount, failures)}";
    }

    /// <summary>
    /// Every pod here is equally important unless PriorityClasses say otherwise, so no node ever offers victims: nodes
    /// that failed on something eviction cannot fix are "not helpful", the others have "no victims".
    /// </summary>
    static string Preemption(SchedulingPod pod, int nodeCount, IReadOnlyCollection<FilterFailure> failures)
    {
        if (pod.PreemptionPolicy == "Never") return "not eligible due to preemptionPolicy=Never.";
        var verdicts = failures.Select(f => f.Unresolvable ? PreemptionNotHelpful : NoPreemptionVictims);
        return $"0/{nodeCount} nodes are available: {Histogram(verdicts)}.";
    }

    static string Histogram(IEnumerable<string> reasons) =>
        string.Join(", ", reasons.GroupBy(r => r, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}").Order(StringComparer.Ordinal));
}
