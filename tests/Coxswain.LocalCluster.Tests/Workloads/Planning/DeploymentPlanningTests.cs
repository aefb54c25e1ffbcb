using Coxswain.KubeControllers.Deployments;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;
using static Coxswain.LocalCluster.Tests.Workloads.Planning.PlanningObjects;

namespace Coxswain.LocalCluster.Tests.Workloads.Planning;

public sealed class DeploymentPlanningTests
{
    [Theory]
    [InlineData("25%", "25%", 10, 3, 2)]
    [InlineData("25%", "25%", 1, 1, 0)]
    [InlineData("0%", "0%", 3, 0, 1)]
    [InlineData("1", "0", 4, 1, 0)]
    [InlineData("50%", "50%", 5, 3, 2)]
    public void Fenceposts_round_surge_up_and_unavailability_down(string surge, string unavailable, int replicas, int expectedSurge, int expectedUnavailable) =>
        Assert.Equal((expectedSurge, expectedUnavailable), RolloutMath.ResolveFenceposts(Parse(surge), Parse(unavailable), replicas));

    [Fact]
    public void The_new_replica_set_grows_only_into_the_surge_budget()
    {
        var d = Deployment(4, maxSurge: 1, maxUnavailable: 1);
        var old = ReplicaSet("old", 4, 4);
        var fresh = ReplicaSet("new", 0, 0);
        Assert.Equal(1, RolloutMath.NewRSNewReplicas(d, [old, fresh], fresh));

        old.Spec.Replicas = 3;
        fresh.Spec.Replicas = 1;
        Assert.Equal(2, RolloutMath.NewRSNewReplicas(d, [old, fresh], fresh));
        Assert.Equal(4, RolloutMath.NewRSNewReplicas(Deployment(4, strategy: "Recreate"), [old, fresh], fresh));
    }

    [Fact]
    public void Old_replica_sets_shrink_by_the_unavailability_budget_oldest_first()
    {
        var d = Deployment(4, maxSurge: 1, maxUnavailable: 1);
        var older = ReplicaSet("older", 2, 2, ageMinutes: 20);
        var old = ReplicaSet("old", 2, 2, ageMinutes: 10);
        var fresh = ReplicaSet("new", 1, 0, ageMinutes: 1);

        var decisions = RollingUpdatePlanner.ScaleDownOld(d, fresh, [old, older], [older, old, fresh]);

        Assert.Equal([("older", 1)], decisions.Select(x => (x.ReplicaSet.Metadata.Name, x.Replicas)));
    }

    [Fact]
    public void Unhealthy_old_replicas_go_first_even_without_budget_for_available_ones()
    {
        var d = Deployment(3, maxSurge: 1, maxUnavailable: 0);
        var old = ReplicaSet("old", 3, 1);
        var fresh = ReplicaSet("new", 1, 1);

        var decisions = RollingUpdatePlanner.ScaleDownOld(d, fresh, [old], [old, fresh]);

        Assert.Equal([("old", 2)], decisions.Select(x => (x.ReplicaSet.Metadata.Name, x.Replicas)));
    }

    [Property(MaxTest = 300)]
    public Property Scaling_down_old_replica_sets_never_leaves_fewer_than_replicas_minus_maxUnavailable_available()
    {
        var sizes = Gen.Choose(0, 6).SelectMany(spec => Gen.Choose(0, spec).Select(available => (spec, available)));
        var scenario = Gen.Choose(1, 8).SelectMany(replicas => Gen.Choose(0, 3).SelectMany(unavailable =>
            Gen.ListOf(sizes).SelectMany(olds => sizes.Select(fresh => (replicas, unavailable, olds.Take(3).ToList(), fresh)))));
        return Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var d = Deployment(s.replicas, maxSurge: 1, maxUnavailable: s.unavailable);
            var oldRSs = s.Item3.Select((x, i) => ReplicaSet($"old-{i}", x.spec, x.available, ageMinutes: 10 + i)).ToList();
            var fresh = ReplicaSet("new", s.fresh.spec, s.fresh.available, ageMinutes: 1);
            List<V1ReplicaSet> all = [.. oldRSs, fresh];
            static int Kept(V1ReplicaSet rs, int spec) => Math.Min(rs.Status.AvailableReplicas ?? 0, spec);
            var before = all.Sum(rs => Kept(rs, rs.Spec.Replicas ?? 0));

            var decisions = RollingUpdatePlanner.ScaleDownOld(d, fresh, oldRSs.Where(rs => rs.Spec.Replicas > 0).ToList(), all)
                .ToDictionary(x => x.ReplicaSet.Metadata.Name, x => x.Replicas);
            var after = all.Sum(rs => Kept(rs, decisions.TryGetValue(rs.Metadata.Name, out var n) ? n : rs.Spec.Replicas ?? 0));
            var minAvailable = s.replicas - RolloutMath.MaxUnavailable(d);
            return after >= Math.Min(before, minAvailable) && decisions.Values.All(n => n >= 0);
        });
    }

    [Fact]
    public void A_resize_during_a_rollout_is_spread_in_proportion_to_the_replica_sets()
    {
        // Upstream's example: 10 replicas with maxSurge 3 mid-rollout (8 old, 5 new), resized to 15.
        var d = Deployment(15, maxSurge: 3, maxUnavailable: 0);
        var old = ReplicaSet("old", 8, 8, ageMinutes: 10, maxReplicas: "13");
        var fresh = ReplicaSet("new", 5, 5, ageMinutes: 1, maxReplicas: "13");

        var sizes = ProportionalScaling.Plan(d, [old, fresh]);

        Assert.Equal((11, 7), (sizes["old"], sizes["new"]));
    }

    [Fact]
    public void A_replica_set_brought_back_by_a_rollback_keeps_its_old_revision_numbers_in_the_history()
    {
        var d = Deployment(2);
        var rs = ReplicaSet("web-1", 0, 0);
        rs.Metadata.Annotations["deployment.kubernetes.io/revision"] = "1";

        Assert.True(DeploymentAnnotations.SetNewReplicaSetAnnotations(d, rs, 3, exists: true, maxSurge: 1));
        Assert.Equal(("3", "1"), (rs.Metadata.Annotations["deployment.kubernetes.io/revision"], rs.Metadata.Annotations["deployment.kubernetes.io/revision-history"]));
        Assert.True(DeploymentAnnotations.SetNewReplicaSetAnnotations(d, rs, 5, exists: true, maxSurge: 1));
        Assert.Equal("1,3", rs.Metadata.Annotations["deployment.kubernetes.io/revision-history"]);
        Assert.False(DeploymentAnnotations.SetNewReplicaSetAnnotations(d, rs, 5, exists: true, maxSurge: 1));
    }

    [Fact]
    public void Availability_counts_against_replicas_minus_maxUnavailable()
    {
        var d = Deployment(4, maxSurge: 1, maxUnavailable: 1);
        var status = DeploymentStatusCalculator.Calculate(d, [ReplicaSet("old", 2, 2), ReplicaSet("new", 2, 1)], null, Now);
        Assert.Equal((4, 3, 1), (status.Replicas ?? 0, status.AvailableReplicas ?? 0, status.UnavailableReplicas ?? 0));
        Assert.Equal("MinimumReplicasAvailable", status.Conditions.Single(c => c.Type == "Available").Reason);

        var short1 = DeploymentStatusCalculator.Calculate(d, [ReplicaSet("new", 4, 2)], null, Now);
        Assert.Equal(("False", "MinimumReplicasUnavailable"), (short1.Conditions[0].Status, short1.Conditions[0].Reason));
    }

    static IntOrString Parse(string value) => int.TryParse(value, out var i) ? i : value;
}
