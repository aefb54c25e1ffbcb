using Coxswain.Runtime.Observability;

namespace Coxswain.Runtime.LeaderElection;

/// <summary>
/// How a <see cref="LeaderElector"/> contends for its Lease. The defaults are client-go's and controller-runtime's:
/// lease 15 s, renew deadline 10 s, retry every 2 s. The invariant <c>RetryPeriod + RenewDeadline &lt; LeaseDuration</c>
/// is what guarantees no overlap: a leader that cannot renew gives up before any other candidate may take over.
/// </summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Name of the <c>coordination.k8s.io/v1</c> Lease (controller-runtime's <c>LeaderElectionID</c>).</summary>
    public required string LeaseName { get; init; }

    /// <summary>Namespace of the Lease.</summary>
    public required string LeaseNamespace { get; init; }

    /// <summary>This candidate's identity, written to <c>spec.holderIdentity</c>; unique per process: <c>&lt;hostname&gt;_&lt;uuid&gt;</c>.</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid()}";

    /// <summary>
    /// How long non-leaders wait after the last observed renewal before taking over. Written to the Lease in whole
    /// seconds, rounded up so a fractional test value never shortens it.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failing renewal before it gives up leadership.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between attempts to acquire or renew (acquisition adds up to 120 % jitter, as client-go).</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Release the lease when stopped gracefully, so another replica takes over at once instead of after
    /// <see cref="LeaseDuration"/>. Safe because the elector releases only after the leader's work has stopped.
    /// </summary>
    public bool ReleaseOnCancel { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where <c>leader_election_master_status</c> is recorded; defaults to <see cref="RuntimeMetrics.Default"/>.</summary>
    public RuntimeMetrics? Metrics { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(LeaseName, nameof(LeaseName));
        ArgumentException.ThrowIfNullOrEmpty(LeaseNamespace, nameof(LeaseNamespace));
        ArgumentException.ThrowIfNullOrEmpty(Identity, nameof(Identity));
        // client-go's NewLeaderElector checks, with its messages.
        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException("leaseDuration must be greater than renewDeadline");
        }

        if (RenewDeadline <= RetryPeriod * 1.2)
        {
            throw new ArgumentException("renewDeadline must be greater than retryPeriod*JitterFactor");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryPeriod, TimeSpan.Zero, nameof(RetryPeriod));
    }
}
