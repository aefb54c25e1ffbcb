namespace Coxswain.LocalCluster.Scheduling.Scores;

/// <summary>
/// NodeResourcesFit's default LeastAllocated strategy: nodes with more cpu and memory left after placing the pod score
/// higher, so load spreads evenly. Pods without requests count with the scheduler's non-zero defaults. Integer arithmetic
/// as upstream's leastRequestedScore: each resource's score is truncated, then their weighted average (cpu and memory
/// weigh 1 each; a resource the node has none of is left out).
/// </summary>
public sealed class LeastAllocatedScorer : ISchedulingScorer
{
    public int Weight => 1;

    public void Score(SchedulingPod pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        var (podCpu, podMemory) = (pod.NonZeroRequests.MilliCpu, pod.NonZeroRequests.MemoryBytes);
        for (var i = 0; i < nodes.Count; i++)
        {
            var (allocatable, requested) = (nodes[i].Allocatable, nodes[i].NonZeroRequested);
            long total = 0, weights = 0;
            Accumulate(requested.MilliCpu + podCpu, allocatable.MilliCpu, ref total, ref weights);
            Accumulate(requested.MemoryBytes + podMemory, allocatable.MemoryBytes, ref total, ref weights);
            scores[i] = weights == 0 ? 0 : total / weights;
        }
    }

    static void Accumulate(long requested, long allocatable, ref long total, ref long weights)
    {
        if (allocatable == 0) return;
        weights++;
        if (requested <= allocatable) total += (allocatable - requested) * ISchedulingScorer.MaxNodeScore / allocatable;
    }
}
