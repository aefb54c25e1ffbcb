namespace Coxswain.LocalCluster.Scheduling.Scores;

/// <summary>
/// Spreads the pods of one controller (ReplicaSet, StatefulSet...) over nodes and zones, as the default PodTopologySpread
/// constraints and the older SelectorSpread plugin do: fewer siblings on a node, and in its zone, score higher, the zone
/// counting for two thirds when nodes carry zone labels. float64 as upstream's SelectorSpread NormalizeScore.
/// </summary>
public sealed class ControllerSpreadScorer : ISchedulingScorer
{
    const double ZoneWeighting = 2.0 / 3.0;

    public int Weight => 2;

    public void Score(SchedulingPod pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        if (pod.ControllerUid is not { } owner)
        {
            Array.Fill(scores, ISchedulingScorer.MaxNodeScore, 0, nodes.Count);
            return;
        }
        // Each node's sibling count is looked up once (into scores) and reused by both passes.
        Dictionary<string, int>? byZone = null;
        long maxOnNode = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            var count = nodes[i].PodsOfController(owner);
            scores[i] = count;
            maxOnNode = Math.Max(maxOnNode, count);
            if (nodes[i].Zone is { } zone)
            {
                byZone ??= new Dictionary<string, int>(StringComparer.Ordinal);
                byZone[zone] = byZone.GetValueOrDefault(zone) + count;
            }
        }
        var maxInZone = byZone is null ? 0 : byZone.Values.Max();
        for (var i = 0; i < nodes.Count; i++)
        {
            double score = maxOnNode == 0
                ? ISchedulingScorer.MaxNodeScore
                : ISchedulingScorer.MaxNodeScore * ((double)(maxOnNode - scores[i]) / maxOnNode);
            if (byZone is not null && nodes[i].Zone is { } zone)
            {
                var zoneScore = maxInZone == 0 ? ISchedulingScorer.MaxNodeScore : ISchedulingScorer.MaxNodeScore * ((double)(maxInZone - byZone[zone]) / maxInZone);
                score = score * (1 - ZoneWeighting) + zoneScore * ZoneWeighting;
            }
            scores[i] = (long)score;
        }
    }
}
