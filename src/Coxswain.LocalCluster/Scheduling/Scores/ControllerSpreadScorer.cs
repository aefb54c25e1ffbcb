namespace Coxswain.LocalCluster.Scheduling.Scores;

/// <summary>
/// Spreads the pods of one controller (ReplicaSet, StatefulSet...) over nodes and zones, as the default PodTopologySpread
/// constraints and the older SelectorSpread plugin do: fewer siblings on a node, and in its zone, score higher, the zone
/// counting for two thirds when nodes carry zone labels.
/// </summary>
public sealed class ControllerSpreadScorer : ISchedulingScorer
{
    const decimal ZoneWeighting = 2m / 3m;

    public int Weight => 2;

    public void Score(SchedulingPod pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        if (pod.ControllerUid is not { } owner)
        {
            Array.Fill(scores, ISchedulingScorer.MaxNodeScore, 0, nodes.Count);
            return;
        }
        var byZone = new Dictionary<string, int>(StringComparer.Ordinal);
        var maxOnNode = 0;
        foreach (var node in nodes)
        {
            var count = node.PodsOfController(owner);
            maxOnNode = Math.Max(maxOnNode, count);
            if (node.Zone is { } zone) byZone[zone] = byZone.GetValueOrDefault(zone) + count;
        }
        var maxInZone = byZone.Count == 0 ? 0 : byZone.Values.Max();
        for (var i = 0; i < nodes.Count; i++)
        {
            decimal score = maxOnNode == 0
                ? ISchedulingScorer.MaxNodeScore
                : ISchedulingScorer.MaxNodeScore * (decimal)(maxOnNode - nodes[i].PodsOfController(owner)) / maxOnNode;
            if (byZone.Count > 0 && nodes[i].Zone is { } zone)
            {
                var zoneScore = maxInZone == 0 ? ISchedulingScorer.MaxNodeScore : ISchedulingScorer.MaxNodeScore * (decimal)(maxInZone - byZone[zone]) / maxInZone;
                score = score * (1 - ZoneWeighting) + zoneScore * ZoneWeighting;
            }
            scores[i] = (long)score;
        }
    }
}
