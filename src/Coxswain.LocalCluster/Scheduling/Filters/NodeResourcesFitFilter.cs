namespace Coxswain.LocalCluster.Scheduling.Filters;

/// <summary>
/// NodeResourcesFit: the node must have room for one more pod and for every resource the pod requests, counting what the
/// pods already placed there request. Every shortfall is reported ("Too many pods", "Insufficient cpu"...).
/// </summary>
public sealed class NodeResourcesFitFilter : ISchedulingFilter
{
    public const string TooManyPods = "Too many pods";

    public FilterFailure? Check(SchedulingPod pod, NodeInfo node)
    {
        var reasons = new List<string>();
        if (node.PodCount + 1 > node.AllowedPodCount) reasons.Add(TooManyPods);
        // The fixed resources first, in the scheduler's order; then extended resources by name.
        var resources = new[] { ResourceAmounts.Cpu, ResourceAmounts.Memory, ResourceAmounts.EphemeralStorage }
            .Concat(pod.Requests.Names.Where(n => n is not (ResourceAmounts.Cpu or ResourceAmounts.Memory or ResourceAmounts.EphemeralStorage or
                ResourceAmounts.Pods)).Order(StringComparer.Ordinal));
        foreach (var resource in resources)
        {
            var wanted = pod.Requests[resource];
            if (wanted > 0 && wanted > node.Allocatable[resource] - node.Requested[resource]) reasons.Add($"Insufficient {resource}");
        }
        return reasons.Count == 0 ? null : new FilterFailure(reasons, Unresolvable: false);
    }
}
