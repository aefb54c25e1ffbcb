namespace Coxswain.LocalCluster.Scheduling.Filters;

/// <summary>
/// NodeResourcesFit: the node must have room for one more pod and for every resource the pod requests, counting what the
/// pods already placed there request. Every shortfall is reported ("Too many pods", "Insufficient cpu"...).
/// </summary>
public sealed class NodeResourcesFitFilter : ISchedulingFilter
{
    public const string TooManyPods = "Too many pods";
    static readonly string[] FixedResources = [ResourceAmounts.Cpu, ResourceAmounts.Memory, ResourceAmounts.EphemeralStorage];

    public FilterFailure? Check(SchedulingPod pod, NodeInfo node)
    {
        // Most nodes fit: that answer is found without allocating; the reasons are only gathered for a node that does not.
        var tooManyPods = node.PodCount + 1 > node.AllowedPodCount;
        if (!tooManyPods && !pod.Requests.Names.Any(r => Short(pod, node, r))) return null;

        var reasons = new List<string>();
        if (tooManyPods) reasons.Add(TooManyPods);
        // The fixed resources first, in the scheduler's order; then extended resources by name.
        var extended = pod.Requests.Names.Where(n => !FixedResources.Contains(n) && n != ResourceAmounts.Pods).Order(StringComparer.Ordinal);
        foreach (var resource in FixedResources.Concat(extended))
            if (Short(pod, node, resource)) reasons.Add($"Insufficient {resource}");
        return new FilterFailure(reasons, Unresolvable: false);
    }

    static bool Short(SchedulingPod pod, NodeInfo node, string resource)
    {
        if (resource == ResourceAmounts.Pods) return false;
        var wanted = pod.Requests[resource];
        return wanted > 0 && wanted > node.Allocatable[resource] - node.Requested[resource];
    }
}
