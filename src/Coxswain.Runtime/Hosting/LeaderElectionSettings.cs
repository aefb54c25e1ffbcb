namespace Coxswain.Runtime.Hosting;

/// <summary>
/// Leader election of the manager (<see cref="ManagerOptions.LeaderElection"/>). When enabled, controllers run only in
/// the replica holding the Lease; every replica keeps its caches warm and serves probes and metrics, so a follower
/// takes over within one lease duration — or at once when the leader shuts down gracefully and releases the Lease.
/// </summary>
public sealed class LeaderElectionSettings
{
    /// <summary>Off by default, as controller-runtime's <c>--leader-elect</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Name of the Lease (controller-runtime's <c>LeaderElectionID</c>); required when enabled.</summary>
    public string? LeaseName { get; set; }

    /// <summary>Namespace of the Lease; defaults to the kubeconfig context's or the pod's namespace, else <c>default</c>.</summary>
    public string? LeaseNamespace { get; set; }

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Release the Lease on graceful shutdown, after the controllers stopped (on by default).</summary>
    public bool ReleaseOnCancel { get; set; } = true;
}
