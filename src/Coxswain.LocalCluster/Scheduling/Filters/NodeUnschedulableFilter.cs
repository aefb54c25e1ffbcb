namespace Coxswain.LocalCluster.Scheduling.Filters;

/// <summary>NodeUnschedulable: a cordoned node takes only pods that tolerate its <c>node.kubernetes.io/unschedulable</c> taint.</summary>
public sealed class NodeUnschedulableFilter : ISchedulingFilter
{
    public const string Reason = "node(s) were unschedulable";
    public const string TaintKey = "node.kubernetes.io/unschedulable";
    static readonly Taint UnschedulableTaint = new(TaintKey, "", Taint.NoSchedule);

    public FilterFailure? Check(SchedulingPod pod, NodeInfo node) =>
        node.Unschedulable && !Toleration.AnyTolerates(pod.Tolerations, UnschedulableTaint) ? FilterFailure.UnresolvableBy(Reason) : null;
}
