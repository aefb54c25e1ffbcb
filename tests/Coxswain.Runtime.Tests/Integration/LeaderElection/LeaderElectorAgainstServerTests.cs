using System.Diagnostics;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.LeaderElection;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Tests.Support;
using k8s.Models;
using Prometheus;

namespace Coxswain.Runtime.Tests.Integration.LeaderElection;

/// <summary>Candidates contending for a real Lease on the local server, with client-go's algorithm at test speed.</summary>
public sealed class LeaderElectorAgainstServerTests
{
    private const string LeaseName = "runtime-test";

    private readonly RuntimeMetrics _metrics = new(new CollectorRegistry());

    // 1.5 s / 1 s / 0.2 s: client-go's 15 / 10 / 2 scaled down. The Lease stores whole seconds, so 2 s.
    private LeaderElectionOptions Options(string? identity = null) => new()
    {
        LeaseName = LeaseName,
        LeaseNamespace = "default",
        LeaseDuration = TimeSpan.FromSeconds(1.5),
        RenewDeadline = TimeSpan.FromSeconds(1),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
        Metrics = _metrics,
        Identity = identity ?? new LeaderElectionOptions { LeaseName = "x", LeaseNamespace = "x" }.Identity,
    };

    [Fact]
    public async Task A_candidate_acquires_the_lease_reports_it_and_releases_it_when_stopped()
    {
        await using var cluster = await TestCluster.StartAsync();
        var leases = new ResourceClient<V1Lease>(cluster.Client);
        var leadership = new Leadership();
        var options = Options();
        await using var candidate = leadership.Start("a", cluster.NewClient(), options);

        await Eventually.TrueAsync(() => candidate.Elector.IsLeader, "the candidate leads");
        var lease = await leases.GetAsync("default", LeaseName);
        Assert.Matches($"^{Environment.MachineName}_[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$", candidate.Elector.Identity);
        Assert.Equal((candidate.Elector.Identity, 2, 0), (lease.Spec.HolderIdentity, lease.Spec.LeaseDurationSeconds, lease.Spec.LeaseTransitions));
        Assert.NotNull(lease.Spec.AcquireTime);
        Assert.Equal(1, await MasterStatusAsync());
        await Eventually.TrueAsync(
            () => leases.GetAsync("default", LeaseName).Result.Spec.RenewTime > lease.Spec.RenewTime, "the leader renews");

        await candidate.StopAsync();

        var released = await leases.GetAsync("default", LeaseName);
        Assert.Equal((string.Empty, 1, 0), (released.Spec.HolderIdentity ?? string.Empty, released.Spec.LeaseDurationSeconds, released.Spec.LeaseTransitions));
        Assert.Equal(0, await MasterStatusAsync());
        Assert.False(await candidate.Run);
    }

    [Fact]
    public async Task Exactly_one_of_two_candidates_leads_and_the_other_takes_over_when_the_leader_stops_renewing()
    {
        await using var cluster = await TestCluster.StartAsync();
        var leadership = new Leadership();
        var partitions = new Dictionary<string, NetworkPartition> { ["a"] = new(), ["b"] = new() };
        await using var a = leadership.Start("a", cluster.NewClient(partitions["a"]), Options());
        await using var b = leadership.Start("b", cluster.NewClient(partitions["b"]), Options());
        await Eventually.TrueAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, "someone leads");
        await Task.Delay(1000);
        var (leader, follower, leaderName) = a.Elector.IsLeader ? (a, b, "a") : (b, a, "b");
        Assert.True(leader.Elector.IsLeader);
        Assert.False(follower.Elector.IsLeader);

        partitions[leaderName].Partition();
        var partitioned = Stopwatch.GetTimestamp();
        await Eventually.TrueAsync(() => follower.Elector.IsLeader, "the follower took over", 10_000);
        var failover = Stopwatch.GetElapsedTime(partitioned);

        Assert.True(await leader.Run.WaitAsync(TimeSpan.FromSeconds(5)), "the old leader reports leadership lost");
        // The old leader gives up within retry + renew deadline (1.2 s); the follower waits for the lease to expire as it
        // observed it (2 s) plus its retry jitter — so the hand-over is bounded by the lease duration, never shorter than
        // the leader's give-up time.
        Assert.InRange(failover, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(4));
        AssertNoOverlap(leadership);
        Assert.Equal(1, leadership.MaxConcurrentLeaders);
        var lease = await new ResourceClient<V1Lease>(cluster.Client).GetAsync("default", LeaseName);
        Assert.Equal((follower.Elector.Identity, 1), (lease.Spec.HolderIdentity, lease.Spec.LeaseTransitions));
    }

    [Fact]
    public async Task A_leader_stopped_gracefully_hands_over_without_waiting_for_the_lease_to_expire()
    {
        // Both candidates run on fake clocks that only the test advances, with client-go's real 15 / 10 / 2 s: the
        // leader never expires on its own, and the follower may take over only because the lease was released —
        // never because 15 s passed on its clock.
        await using var cluster = await TestCluster.StartAsync();
        var leadership = new Leadership();
        var followerClock = new TimerCountingClock();
        LeaderElectionOptions Slow(string identity, TimeProvider clock) => Options(identity) with
        {
            LeaseDuration = TimeSpan.FromSeconds(15), RenewDeadline = TimeSpan.FromSeconds(10), RetryPeriod = TimeSpan.FromSeconds(2), TimeProvider = clock,
        };
        await using var a = leadership.Start("a", cluster.NewClient(), Slow("a", new TimerCountingClock()));
        await Eventually.TrueAsync(() => a.Elector.IsLeader, "the first candidate leads");
        await using var b = leadership.Start("b", cluster.NewClient(), Slow("b", followerClock));
        await Eventually.TrueAsync(() => b.Elector.ObservedLeader == "a" && followerClock.TimersCreated > 0, "the follower saw the lease held and waits to retry");
        Assert.False(b.Elector.IsLeader);

        await a.StopAsync();

        // The follower may be in the middle of an attempt that read the lease before its release: that attempt fails
        // and the next one succeeds. Each advance covers a retry period with its full jitter (2 s × 2.2).
        var advanced = TimeSpan.Zero;
        for (var attempt = 0; attempt < 2 && !b.Elector.IsLeader; attempt++)
        {
            var waits = followerClock.TimersCreated;
            followerClock.Advance(TimeSpan.FromSeconds(2 * 2.2));
            advanced += TimeSpan.FromSeconds(2 * 2.2);
            await Eventually.TrueAsync(() => b.Elector.IsLeader || followerClock.TimersCreated > waits, "the follower tried again", 10_000);
        }

        await Eventually.TrueAsync(() => b.Elector.IsLeader, "the second candidate took over", 10_000);
        Assert.True(advanced < TimeSpan.FromSeconds(15), $"the hand-over took {advanced} of the follower's clock, less than a lease duration");
        AssertNoOverlap(leadership);
    }

    private static void AssertNoOverlap(Leadership leadership)
    {
        var terms = leadership.Terms.OrderBy(t => t.Start).ToList();
        for (var i = 1; i < terms.Count; i++)
        {
            var previous = terms[i - 1];
            Assert.True(previous.End is { } end && end <= terms[i].Start, $"{terms[i].Candidate} started leading while {previous.Candidate} still led");
        }
    }

    private async Task<double?> MasterStatusAsync() =>
        (await MetricsScrape.TakeAsync(_metrics.Registry)).Value("leader_election_master_status", ("name", LeaseName));
}
