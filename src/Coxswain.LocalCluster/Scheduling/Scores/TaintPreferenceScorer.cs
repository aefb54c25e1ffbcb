namespace Coxswain.LocalCluster.Scheduling.Scores;

/// <summary>TaintToleration's score: fewer untolerated PreferNoSchedule taints is better.</summary>
public sealed class TaintPreferenceScorer : ISchedulingScorer
{
    public int Weight => 3;

    public void Score(SchedulingPod pod, IReadOnlyList<NodeInfo> nodes, long[] scores)
    {
        var tolerations = pod.Tolerations.Where(t => t.Effect is "" or Taint.PreferNoSchedule).ToList();
        for (var i = 0; i < nodes.Count; i++)
            scores[i] = nodes[i].Taints.Count == 0 ? 0 : nodes[i].Taints.Count(t => t.Effect == Taint.PreferNoSchedule && !Toleration.AnyTolerates(tolerations, t));
        ScoreNormalization.ToMax(scores, nodes.Count, reverse: true);
    }
}
