namespace Coxswain.LocalCluster.Scheduling.Filters;

/// <summary>NodeAffinity: the node must carry every <c>nodeSelector</c> label and satisfy the required node affinity terms.</summary>
public sealed class NodeAffinityFilter : ISchedulingFilter
{
    public const string Reason = "node(s) didn't match Pod's node affinity/selector";

    public FilterFailure? Check(SchedulingPod pod, NodeInfo node) => Matches(pod, node) ? null : FilterFailure.UnresolvableBy(Reason);

    public static bool Matches(SchedulingPod pod, NodeInfo node)
    {
        foreach (var (key, value) in pod.NodeSelector)
            if (!node.Labels.TryGetValue(key, out var actual) || actual != value) return false;
        return pod.RequiredNodeSelectorTerms is null || NodeSelectorTerms.AnyMatches(pod.RequiredNodeSelectorTerms, node.Labels, node.Name);
    }
}
