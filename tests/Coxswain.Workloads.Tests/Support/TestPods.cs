using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.Apps.V1Alpha1;
using k8s.Models;

namespace Coxswain.Workloads.Tests.Support;

/// <summary>CloneSet pods in a given state, for the pure planners.</summary>
internal static class TestPods
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static V1Pod Pod(string name, string revision, bool ready = true, string? node = "node-1", string phase = "Running",
        int restarts = 0, IDictionary<string, string>? labels = null)
    {
        var podLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>())
        {
            ["app"] = "web",
            [KruiseLabels.ControllerRevisionHash] = revision,
            [KruiseLabels.CloneSetInstanceId] = name.Split('-').Last(),
            [KruiseLabels.LifecycleState] = LifecycleStates.Normal,
        };
        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name, Uid = "uid-" + name, Labels = podLabels, NamespaceProperty = "default",
                CreationTimestamp = Now.UtcDateTime.AddMinutes(-10),
            },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "main", Image = "nginx" }] },
            Status = new V1PodStatus
            {
                Phase = phase,
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.UtcDateTime.AddMinutes(-5) }],
                ContainerStatuses = [new V1ContainerStatus { Name = "main", RestartCount = restarts, Ready = ready, Image = "nginx", ImageID = "id", ContainerID = "c" }],
            },
        };
    }

    public static CloneSet CloneSet(int replicas, IntOrString? partition = null, IntOrString? maxUnavailable = null, IntOrString? maxSurge = null)
    {
        var cloneSet = TestCloneSets.Defaulted("web", replicas);
        cloneSet.Metadata.Uid = "cs-uid";
        cloneSet.Spec.UpdateStrategy.Partition = partition ?? 0;
        if (maxUnavailable is not null) cloneSet.Spec.UpdateStrategy.MaxUnavailable = maxUnavailable;
        if (maxSurge is not null) cloneSet.Spec.UpdateStrategy.MaxSurge = maxSurge;
        return cloneSet;
    }
}
