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
        // Most nodes fit: that answer is found on integers without allocating; reasons are only gathered for a node that does not.
        var tooManyPods = node.PodCount + 1 > node.AllowedPodCount;
        if (!tooManyPods && !ShortOfAny(pod.Requests, node)) return null;

        var reasons = new List<string>();
        if (tooManyPods) reasons.Add(TooManyPods);
        var (wanted, allocatable, requested) = (pod.Requests, node.Allocatable, node.Requested);
        if (Short(wanted.MilliCpu, allocatable.MilliCpu, requested.MilliCpu)) reasons.Add($"Insufficient {ResourceAmounts.Cpu}");
        if (Short(wanted.MemoryBytes, allocatable.MemoryBytes, requested.MemoryBytes)) reasons.Add($"Insufficient {ResourceAmounts.Memory}");
        if (Short(wanted.EphemeralStorageBytes, allocatable.EphemeralStorageBytes, requested.EphemeralStorageBytes))
            reasons.Add($"Insufficient {ResourceAmounts.EphemeralStorage}");
        // Extended resources after the fixed ones, by name so the message is stable.
        foreach (var (name, amount) in wanted.ScalarResources.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            if (Short(amount, allocatable[name], requested[name])) reasons.Add($"Insufficient {name}");
        return new FilterFailure(reasons, Unresolvable: false);
    }

    static bool ShortOfAny(ResourceAmounts wanted, NodeInfo node)
    {
        var (allocatable, requested) = (node.Allocatable, node.Requested);
        if (Short(wanted.MilliCpu, allocatable.MilliCpu, requested.MilliCpu) ||
            Short(wanted.MemoryBytes, allocatable.MemoryBytes, requested.MemoryBytes) ||
            Short(wanted.EphemeralStorageBytes, allocatable.EphemeralStorageBytes, requested.EphemeralStorageBytes)) return true;
        foreach (var (name, amount) in wanted.ScalarResources)
            if (Short(amount, allocatable[name], requested[name])) return true;
        return false;
    }

    /// <summary>A zero request always fits, even on a node already over-committed.</summary>
    static bool Short(long wanted, long allocatable, long requested) => wanted > 0 && wanted > allocatable - requested;
}
