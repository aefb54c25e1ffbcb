namespace Coxswain.LocalCluster.Scheduling.Scores;

/// <summary>
/// NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in similar proportions. Fractions in
/// float64 as upstream's balancedResourceScorer; a resource the node has none of is left out.
/// </summary>
public sealed class BalancedAllocationScorer : ISchedulingScorer
{
    public int Weight => 1;

    public void Score(SchedulingPod pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        var (podCpu, podMemory) = (pod.NonZeroRequests.MilliCpu, pod.NonZeroRequests.MemoryBytes);
        for (var i = 0; i < nodes.Count; i++)
        {
            var (allocatable, requested) = (nodes[i].Allocatable, nodes[i].NonZeroRequested);
            // With two resources the standard deviation is half their difference; with one or none it is zero.
            var deviation = allocatable.MilliCpu == 0 || allocatable.MemoryBytes == 0
                ? 0
                : Math.Abs(Fraction(requested.MilliCpu + podCpu, allocatable.MilliCpu) - Fraction(requested.MemoryBytes + podMemory, allocatable.MemoryBytes)) / 2;
            scores[i] = (long)((1 - deviation) * ISchedulingScorer.MaxNodeScore);
        }
    }

    static double Fraction(long requested, long allocatable) => Math.Min(1, (double)requested / allocatable);
}
