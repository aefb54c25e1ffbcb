using Prometheus;

namespace Coxswain.Runtime.Observability;

/// <summary>controller-runtime's leader-election families (<c>pkg/metrics/leaderelection.go</c>), labelled by the lease name.</summary>
public sealed class LeaderElectionMetricFamilies
{
    internal LeaderElectionMetricFamilies(IMetricFactory factory)
    {
        MasterStatus = factory.CreateGauge(
            "leader_election_master_status",
            "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease. Please make sure to group by name.",
            ["name"]);
        SlowpathExercised = factory.CreateCounter(
            "leader_election_slowpath_total",
            "Total number of slow path exercised in renewing leader leases. 'name' is the string used to identify the lease. Please make sure to group by name.",
            ["name"]);
    }

    /// <summary><c>leader_election_master_status{name}</c>: 1 while this process holds the lease, else 0.</summary>
    public Gauge MasterStatus { get; }

    /// <summary><c>leader_election_slowpath_total{name}</c>: renewals that had to re-read the lease (the optimistic update failed).</summary>
    public Counter SlowpathExercised { get; }
}
