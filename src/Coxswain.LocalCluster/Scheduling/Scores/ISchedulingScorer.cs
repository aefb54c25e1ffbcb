namespace Coxswain.LocalCluster.Scheduling.Scores;

/// <summary>A scheduler Score plugin with its NormalizeScore step: rates every feasible node from 0 to <see cref="MaxNodeScore"/>.</summary>
public interface ISchedulingScorer
{
    public const long MaxNodeScore = 100;

    /// <summary>The plugin's weight in the default profile.</summary>
    int Weight { get; }

    /// <summary>Writes each node's normalized score into <paramref name="scores"/> (same order as <paramref name="nodes"/>).</summary>
    void Score(SchedulingPod pod, IReadOnlyList<NodeInfo> nodes, long[] scores);
}

/// <summary>helper.DefaultNormalizeScore: scales raw scores so the best node gets <see cref="ISchedulingScorer.MaxNodeScore"/>.</summary>
public static class ScoreNormalization
{
    public static void ToMax(long[] scores, int count, bool reverse)
    {
        long max = 0;
        for (var i = 0; i < count; i++) max = Math.Max(max, scores[i]);
        for (var i = 0; i < count; i++)
        {
            var scaled = max == 0 ? 0 : scores[i] * ISchedulingScorer.MaxNodeScore / max;
            scores[i] = reverse ? ISchedulingScorer.MaxNodeScore - scaled : scaled;
        }
    }
}
