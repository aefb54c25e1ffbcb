using Coxswain.Apis.Apps;
using Coxswain.Workloads.CloneSets;
using Coxswain.Workloads.Tests.Support;
using k8s.Models;
using static Coxswain.Workloads.Tests.Support.TestPods;

namespace Coxswain.Workloads.Tests.CloneSets;

public class ScalePlannerTests
{
    static int _ids;
    static string NextId() => $"id{Interlocked.Increment(ref _ids):000}";

    [Fact]
    public void Creates_the_missing_pods_at_the_update_revision()
    {
        var plan = ScalePlanner.Plan(CloneSet(3), [Pod("web-a", "r2")], [], "r2", "r2", Now, NextId);
        Assert.Equal(2, plan.Creations.Count);
        Assert.All(plan.Creations, c => Assert.Equal("r2", c.Revision));
        Assert.Empty(plan.Deletions);
    }

    [Fact]
    public void Partition_keeps_its_share_of_new_pods_at_the_current_revision()
    {
        var plan = ScalePlanner.Plan(CloneSet(4, partition: 2), [], [], "r1", "r2", Now, NextId);
        Assert.Equal(["r1", "r1", "r2", "r2"], plan.Creations.Select(c => c.Revision));
    }

    [Fact]
    public void Instance_ids_of_orphaned_PVCs_are_reused_first()
    {
        var claim = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data-web-kept1", Labels = new Dictionary<string, string> { [KruiseLabels.CloneSetInstanceId] = "kept1" } },
        };
        var plan = ScalePlanner.Plan(CloneSet(2), [], [claim], "r1", "r1", Now, NextId);
        Assert.Equal("kept1", plan.Creations[0].InstanceId);
        var disabled = CloneSet(2);
        disabled.Spec.ScaleStrategy.DisablePvcReuse = true;
        Assert.DoesNotContain("kept1", ScalePlanner.Plan(disabled, [], [claim], "r1", "r1", Now, NextId).Creations.Select(c => c.InstanceId));
    }

    [Fact]
    public void Specified_pods_are_deleted_before_any_other()
    {
        var cloneSet = CloneSet(3, maxUnavailable: 2);
        cloneSet.Spec.ScaleStrategy.PodsToDelete = ["web-b"];
        var labelled = Pod("web-c", "r1", labels: new Dictionary<string, string> { [KruiseLabels.SpecifiedDelete] = "true" });
        var plan = ScalePlanner.Plan(cloneSet, [Pod("web-a", "r1", ready: false), Pod("web-b", "r1"), labelled, Pod("web-d", "r1")], [], "r1", "r1", Now, NextId);
        Assert.Equal(["web-b", "web-c"], plan.Deletions.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Scale_in_deletes_old_revision_then_unscheduled_then_not_ready_pods_first()
    {
        var pods = new[]
        {
            Pod("web-ready", "r2"), Pod("web-unready", "r2", ready: false), Pod("web-pending", "r2", node: null, phase: "Pending", ready: false),
            Pod("web-old", "r1"), Pod("web-ready2", "r2"),
        };
        var plan = ScalePlanner.Plan(CloneSet(2), pods, [], "r2", "r2", Now, NextId);
        Assert.Equal(["web-old", "web-pending", "web-unready"], plan.Deletions.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Ready_pods_are_deleted_only_within_maxUnavailable()
    {
        var cloneSet = CloneSet(5, maxUnavailable: 1);
        cloneSet.Spec.ScaleStrategy.PodsToDelete = ["web-a", "web-b", "web-c"];
        var pods = new[] { Pod("web-a", "r1"), Pod("web-b", "r1"), Pod("web-c", "r1"), Pod("web-d", "r1"), Pod("web-e", "r1") };
        var plan = ScalePlanner.Plan(cloneSet, pods, [], "r1", "r1", Now, NextId);
        Assert.Single(plan.Deletions);
    }

    [Fact]
    public void ScaleStrategy_maxUnavailable_limits_creation()
    {
        var cloneSet = CloneSet(4);
        cloneSet.Spec.ScaleStrategy.MaxUnavailable = 2;
        var plan = ScalePlanner.Plan(cloneSet, [Pod("web-a", "r1", ready: false), Pod("web-b", "r1", ready: false)], [], "r1", "r1", Now, NextId);
        Assert.Empty(plan.Creations);
        Assert.Equal(0, plan.ScaleUpLimitedTo);
    }

    [Fact]
    public void MaxSurge_creates_extra_pods_at_the_new_revision_during_an_update()
    {
        var pods = new[] { Pod("web-a", "r1"), Pod("web-b", "r1"), Pod("web-c", "r1") };
        var plan = ScalePlanner.Plan(CloneSet(3, maxUnavailable: 0, maxSurge: 1), pods, [], "r1", "r2", Now, NextId);
        Assert.Equal("r2", Assert.Single(plan.Creations).Revision);
    }

    [Fact]
    public void Pods_held_by_a_preDelete_hook_are_deleted_once_released()
    {
        var cloneSet = CloneSet(1);
        cloneSet.Spec.Lifecycle = new Coxswain.Apis.Apps.Pub.Lifecycle
        {
            PreDelete = new Coxswain.Apis.Apps.Pub.LifecycleHook { LabelsHandler = new Dictionary<string, string> { ["hold"] = "true" } },
        };
        var held = Pod("web-b", "r1", labels: new Dictionary<string, string> { ["hold"] = "true" });
        held.Metadata.Labels[KruiseLabels.LifecycleState] = "PreparingDelete";
        Assert.True(ScalePlanner.Plan(cloneSet, [Pod("web-a", "r1"), held], [], "r1", "r1", Now, NextId).IsEmpty);
        held.Metadata.Labels.Remove("hold");
        Assert.Equal("web-b", Assert.Single(ScalePlanner.Plan(cloneSet, [Pod("web-a", "r1"), held], [], "r1", "r1", Now, NextId).Deletions).Metadata.Name);
    }

    static (Coxswain.Apis.Apps.V1Alpha1.CloneSet CloneSet, V1Pod Held) PreparingDelete(int replicas, bool markPodNotReady, bool specified = false)
    {
        var cloneSet = CloneSet(replicas);
        cloneSet.Spec.Lifecycle = new Coxswain.Apis.Apps.Pub.Lifecycle
        {
            PreDelete = new Coxswain.Apis.Apps.Pub.LifecycleHook
            {
                LabelsHandler = new Dictionary<string, string> { ["hold"] = "true" }, MarkPodNotReady = markPodNotReady,
            },
        };
        var held = Pod("web-b", "r1", labels: new Dictionary<string, string> { ["hold"] = "true" });
        held.Metadata.Labels[KruiseLabels.LifecycleState] = "PreparingDelete";
        if (specified) cloneSet.Spec.ScaleStrategy.PodsToDelete = ["web-b"];
        return (cloneSet, held);
    }

    [Fact]
    public void A_pod_in_PreparingDelete_is_taken_back_when_replicas_go_up_again()
    {
        var (cloneSet, held) = PreparingDelete(replicas: 2, markPodNotReady: false);
        var plan = ScalePlanner.Plan(cloneSet, [Pod("web-a", "r1"), held], [], "r1", "r1", Now, NextId);
        Assert.Equal("web-b", Assert.Single(plan.DeletionsCancelled).Metadata.Name);
        Assert.Empty(plan.Creations);
        Assert.Empty(plan.Deletions);
    }

    [Fact]
    public void A_pod_in_PreparingDelete_stays_when_marked_not_ready_or_specified_for_deletion()
    {
        var (notReady, held) = PreparingDelete(replicas: 2, markPodNotReady: true);
        Assert.Empty(ScalePlanner.Plan(notReady, [Pod("web-a", "r1"), held], [], "r1", "r1", Now, NextId).DeletionsCancelled);
        var (specified, held2) = PreparingDelete(replicas: 2, markPodNotReady: false, specified: true);
        Assert.Empty(ScalePlanner.Plan(specified, [Pod("web-a", "r1"), held2], [], "r1", "r1", Now, NextId).DeletionsCancelled);
    }

    [Fact]
    public void Scale_in_deletes_pods_not_yet_available_before_available_ones()
    {
        var cloneSet = CloneSet(1);
        cloneSet.Spec.MinReadySeconds = 600;
        var available = Pod("web-old", "r1");
        available.Status.Conditions[0].LastTransitionTime = Now.UtcDateTime.AddMinutes(-30);
        // A lower deletion cost would put it first in kube-controller-manager's order; availability comes before that.
        available.Metadata.Annotations = new Dictionary<string, string> { ["controller.kubernetes.io/pod-deletion-cost"] = "-100" };
        // Ready for 5 minutes only: not available under minReadySeconds 600.
        var notAvailable = Pod("web-new", "r1");
        var plan = ScalePlanner.Plan(cloneSet, [available, notAvailable], [], "r1", "r1", Now, NextId);
        Assert.Equal("web-new", Assert.Single(plan.Deletions).Metadata.Name);
    }
}
