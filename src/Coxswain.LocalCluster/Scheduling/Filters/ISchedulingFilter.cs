namespace Coxswain.LocalCluster.Scheduling.Filters;

/// <summary>A scheduler Filter plugin: decides whether a pod may go to a node, and if not, says why.</summary>
public interface ISchedulingFilter
{
    /// <summary>Null when the node passes.</summary>
    FilterFailure? Check(SchedulingPod pod, NodeInfo node);
}

/// <summary>
/// Why a node was filtered out: the reasons the scheduler counts in its "0/3 nodes are available" message, and whether
/// evicting lower-priority pods could ever help (UnschedulableAndUnresolvable failures say it cannot).
/// </summary>
public sealed record FilterFailure(IReadOnlyList<string> Reasons, bool Unresolvable)
{
    public static FilterFailure ResolvableBy(params string[] reasons) => new(reasons, false);
    public static FilterFailure UnresolvableBy(string reason) => new([reason], true);
}
