namespace Coxswain.LocalCluster.Scheduling.Scores;

/// <summary>NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in similar proportions.</summary>
public sealed class BalancedAllocationScorer : ISchedulingScorer
{
    public int Weight => 1;

    public void Score(SchedulingPod pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            var cpu = Fraction(nodes[i], pod, ResourceAmounts.Cpu);
            var memory = Fraction(nodes[i], pod, ResourceAmounts.Memory);
            // With two resources the standard deviation is half their difference.
            var deviation = Math.Abs(cpu - memory) / 2;
            scores[i] = (long)((1 - deviation) * ISchedulingScorer.MaxNodeScore);
        }
    }

    static decimal Fraction(NodeInfo node, SchedulingPod pod, string resource)
    {
        var allocatable = node.Allocatable[resource];
        if (allocatable <= 0) return 1;
        return Math.Min(1, (node.NonZeroRequested[resource] + pod.NonZeroRequests[resource]) / allocatable);
    }
}
