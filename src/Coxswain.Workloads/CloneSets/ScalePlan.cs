using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>One pod to create: its instance id and the revision it starts at.</summary>
public sealed record PodCreation(string InstanceId, string Revision);

/// <summary>What the scale step does this round: create pods, or delete pods (never both), and whether scale-up was limited.</summary>
public sealed record ScalePlan(IReadOnlyList<PodCreation> Creations, IReadOnlyList<V1Pod> Deletions, int? ScaleUpLimitedTo)
{
    public static readonly ScalePlan Nothing = new([], [], null);

    public bool IsEmpty => Creations.Count == 0 && Deletions.Count == 0;
}
