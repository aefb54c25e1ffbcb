namespace Coxswain.LocalCluster.Scheduling.Scores;

/// <summary>NodeAffinity's score: the summed weights of the preferred node affinity terms a node matches, normalized.</summary>
public sealed class NodeAffinityPreferenceScorer : ISchedulingScorer
{
    public int Weight => 2;

    public void Score(SchedulingPod pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            long sum = 0;
            foreach (var preferred in pod.PreferredNodeSelectorTerms ?? [])
            {
                if (preferred?["preference"] is not System.Text.Json.Nodes.JsonObject term) continue;
                var weight = (long?)preferred["weight"] ?? 0;
                if (weight != 0 && NodeSelectorTerms.Matches(term, nodes[i].Labels, nodes[i].Name)) sum += weight;
            }
            scores[i] = sum;
        }
        ScoreNormalization.ToMax(scores, nodes.Count, reverse: false);
    }
}
