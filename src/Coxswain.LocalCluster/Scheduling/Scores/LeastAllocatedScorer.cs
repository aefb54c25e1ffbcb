namespace Coxswain.LocalCluster.Scheduling.Scores;

/// <summary>
/// NodeResourcesFit's default LeastAllocated strategy: nodes with more cpu and memory left after placing the pod score
/// higher, so load spreads evenly. Pods without requests count with the scheduler's non-zero defaults.
/// </summary>
public sealed class LeastAllocatedScorer : ISchedulingScorer
{
    static readonly string[] Resources = [ResourceAmounts.Cpu, ResourceAmounts.Memory];

    public int Weight => 1;

    public void Score(SchedulingPod pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            decimal total = 0;
            foreach (var resource in Resources)
            {
                var allocatable = nodes[i].Allocatable[resource];
                var requested = nodes[i].NonZeroRequested[resource] + pod.NonZeroRequests[resource];
                if (allocatable > 0 && requested <= allocatable) total += (allocatable - requested) * ISchedulingScorer.MaxNodeScore / allocatable;
            }
            scores[i] = (long)(total / Resources.Length);
        }
    }
}
