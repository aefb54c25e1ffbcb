using Coxswain.Runtime.Workloads;
using static Coxswain.Runtime.Tests.Workloads.WorkloadPods;

namespace Coxswain.Runtime.Tests.Workloads;

public sealed class PodStatesTests
{
    [Fact]
    public void A_pod_is_available_only_after_it_has_been_ready_for_min_ready_seconds()
    {
        var pod = Pod("a", readySince: Now.AddSeconds(-10));

        Assert.True(PodStates.IsPodReady(pod));
        Assert.True(PodStates.IsPodAvailable(pod, 0, Now));
        Assert.True(PodStates.IsPodAvailable(pod, 9, Now));
        Assert.False(PodStates.IsPodAvailable(pod, 10, Now)); // upstream: strictly before now
        Assert.False(PodStates.IsPodAvailable(Pod("b"), 0, Now));
        Assert.Equal(TimeSpan.FromSeconds(6), PodStates.TimeUntilAvailable(pod, 15, Now));
    }

    [Fact]
    public void Finished_and_deleting_pods_are_not_active()
    {
        Assert.True(PodStates.IsPodActive(Pod("a")));
        Assert.False(PodStates.IsPodActive(Pod("b", phase: "Succeeded")));
        Assert.False(PodStates.IsPodActive(Pod("c", phase: "Failed")));
        var deleting = Pod("d");
        deleting.Metadata.DeletionTimestamp = Now.UtcDateTime;
        Assert.False(PodStates.IsPodActive(deleting));
    }

    [Fact]
    public void Setting_a_condition_keeps_its_transition_time_unless_the_status_changes()
    {
        var pod = Pod("a");
        var before = PodStates.GetPodCondition(pod, "Ready")!.LastTransitionTime;

        Assert.True(PodStates.SetPodCondition(pod, new() { Type = "Ready", Status = "False", Reason = "Waiting" }, Now));
        Assert.Equal(before, PodStates.GetPodCondition(pod, "Ready")!.LastTransitionTime);
        Assert.False(PodStates.SetPodCondition(pod, new() { Type = "Ready", Status = "False", Reason = "Waiting" }, Now));

        Assert.True(PodStates.SetPodCondition(pod, new() { Type = "Ready", Status = "True" }, Now));
        Assert.Equal(Now.UtcDateTime, PodStates.GetPodCondition(pod, "Ready")!.LastTransitionTime);
    }
}
