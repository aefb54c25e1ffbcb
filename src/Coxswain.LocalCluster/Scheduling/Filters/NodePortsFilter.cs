namespace Coxswain.LocalCluster.Scheduling.Filters;

/// <summary>NodePorts: a host port can be taken by one pod per node (per protocol and address).</summary>
public sealed class NodePortsFilter : ISchedulingFilter
{
    public const string Reason = "node(s) didn't have free ports for the requested pod ports";

    public FilterFailure? Check(SchedulingPod pod, NodeInfo node) =>
        pod.HostPorts.Any(wanted => node.UsedPorts.Any(used => used.ConflictsWith(wanted))) ? FilterFailure.ResolvableBy(Reason) : null;
}
