namespace Coxswain.LocalCluster.Scheduling.Filters;

/// <summary>TaintToleration: the first NoSchedule or NoExecute taint the pod does not tolerate keeps it off the node.</summary>
public sealed class TaintTolerationFilter : ISchedulingFilter
{
    public FilterFailure? Check(SchedulingPod pod, NodeInfo node)
    {
        foreach (var taint in node.Taints)
        {
            if (taint.Effect is not (Taint.NoSchedule or Taint.NoExecute)) continue;
            if (!Toleration.AnyTolerates(pod.Tolerations, taint)) return FilterFailure.UnresolvableBy($"node(s) had untolerated taint {taint}");
        }
        return null;
    }
}
