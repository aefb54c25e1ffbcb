using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>One pod to create: its instance id and the revision it starts at.</summary>
public sealed record PodCreation(string InstanceId, string Revision);

/// <summary>
/// What the scale step does this round: take pods back from PreparingDelete, create pods, or delete pods (one of the
/// three), and whether scale-up was limited.
/// </summary>
public sealed record ScalePlan(IReadOnlyList<PodCreation> Creations, IReadOnlyList<V1Pod> Deletions, int? ScaleUpLimitedTo)
{
    public static readonly ScalePlan Nothing = new([], [], null);

    /// <summary>Pods in PreparingDelete no longer to be deleted (replicas went up again): back to PreparingNormal.</summary>
    public IReadOnlyList<V1Pod> DeletionsCancelled { get; init; } = [];

    public bool IsEmpty => Creations.Count == 0 && Deletions.Count == 0 && DeletionsCancelled.Count == 0;
}
