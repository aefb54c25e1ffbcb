using k8s.Models;

namespace Coxswain.Runtime.LeaderElection;

/// <summary>The election state a Lease carries (client-go's <c>LeaderElectionRecord</c>).</summary>
internal readonly record struct LeaseRecord(
    string HolderIdentity, int LeaseDurationSeconds, DateTime? AcquireTime, DateTime? RenewTime, int LeaderTransitions)
{
    public static LeaseRecord Of(V1Lease lease) => new(
        lease.Spec?.HolderIdentity ?? string.Empty,
        lease.Spec?.LeaseDurationSeconds ?? 0,
        lease.Spec?.AcquireTime,
        lease.Spec?.RenewTime,
        lease.Spec?.LeaseTransitions ?? 0);

    public V1LeaseSpec ToSpec() => new()
    {
        HolderIdentity = HolderIdentity,
        LeaseDurationSeconds = LeaseDurationSeconds,
        AcquireTime = AcquireTime,
        RenewTime = RenewTime,
        LeaseTransitions = LeaderTransitions,
    };
}
