using Coxswain.Apis.Apps;
using Coxswain.Workloads.CloneSets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;
using static Coxswain.Workloads.Tests.Support.TestPods;

namespace Coxswain.Workloads.Tests.CloneSets;

/// <summary>
/// Rollout invariants over random CloneSets: a model cluster runs the scale and update plans round after round (new
/// and updated pods start unavailable and become available before the next round, as a kubelet would) and must end
/// with exactly replicas pods, replicas - partition of them updated, never having had more than maxUnavailable pods
/// unavailable, more than replicas + maxSurge pods, or more updated pods than the partition allows.
/// </summary>
public class RolloutPropertyTests
{
    public static Arbitrary<(int Replicas, int Partition, int MaxUnavailable, int MaxSurge, int OldPods)> Settings() =>
        (from replicas in Gen.Choose(1, 12)
         from partition in Gen.Choose(0, replicas)
         from maxUnavailable in Gen.Choose(0, replicas)
         from maxSurge in Gen.Choose(maxUnavailable == 0 ? 1 : 0, 3)
         from oldPods in Gen.Choose(0, replicas + 2)
         select (replicas, partition, maxUnavailable, maxSurge, oldPods)).ToArbitrary();

    [Property(MaxTest = 200, Arbitrary = [typeof(RolloutPropertyTests)])]
    public void A_rollout_converges_within_its_limits((int Replicas, int Partition, int MaxUnavailable, int MaxSurge, int OldPods) settings)
    {
        var (replicas, partition, maxUnavailable, maxSurge, oldPods) = settings;
        var cloneSet = CloneSet(replicas, partition, maxUnavailable, maxSurge);
        var pods = Enumerable.Range(0, oldPods).Select(i => Pod($"web-o{i}", "r1")).ToList();
        var next = 0;

        for (var round = 0; round < 200; round++)
        {
            var scale = ScalePlanner.Plan(cloneSet, pods, [], "r1", "r2", Now, () => $"n{next++}");
            if (!scale.IsEmpty)
            {
                pods.RemoveAll(p => scale.Deletions.Contains(p));
                pods.AddRange(scale.Creations.Select(c => Pod($"web-{c.InstanceId}", c.Revision, ready: false)));
                Assert.True(pods.Count <= Math.Max(replicas + maxSurge, oldPods), $"{pods.Count} pods exceed replicas + maxSurge");
            }
            else
            {
                var update = UpdatePlanner.Plan(cloneSet, pods, "r1", "r2", Now);
                if (update.Pods.Count == 0 && pods.All(p => IsAvailable(p))) break;
                // Only pods that were available count against the budget; recreate or in place, they go unavailable now.
                var unavailableAfter = pods.Count(p => !IsAvailable(p) || update.Pods.Contains(p));
                Assert.True(unavailableAfter <= Math.Max(maxUnavailable + Math.Max(pods.Count - replicas, 0), pods.Count(p => !IsAvailable(p))),
                    $"{unavailableAfter} unavailable with maxUnavailable {maxUnavailable}");
                foreach (var pod in update.Pods) pod.Metadata.Labels[KruiseLabels.SpecifiedDelete] = "true";
                Assert.True(pods.Count(p => p.Metadata.Labels[KruiseLabels.ControllerRevisionHash] == "r2") + update.Pods.Count <= Math.Max(replicas - partition, 0) + maxSurge,
                    "more pods updated than the partition allows");
            }
            // The kubelet: every pod becomes ready before the next round.
            foreach (var pod in pods) pod.Status.Conditions[0].Status = "True";
        }

        Assert.Equal(replicas, pods.Count);
        Assert.Equal(replicas - partition, pods.Count(p => p.Metadata.Labels[KruiseLabels.ControllerRevisionHash] == "r2"));
    }

    static bool IsAvailable(V1Pod pod) => CloneSetPodStates.IsAvailable(pod, 0, Now) && !pod.Metadata.Labels.ContainsKey(KruiseLabels.SpecifiedDelete);
}
