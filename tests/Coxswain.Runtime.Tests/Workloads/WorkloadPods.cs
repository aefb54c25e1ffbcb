using k8s.Models;

namespace Coxswain.Runtime.Tests.Workloads;

/// <summary>Pods in the states the workload helpers distinguish.</summary>
internal static class WorkloadPods
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static V1Pod Pod(
        string name, string? node = "node-1", string phase = "Running", DateTimeOffset? readySince = null, int restarts = 0,
        DateTimeOffset? created = null, string? deletionCost = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Uid = "uid-" + name,
            CreationTimestamp = (created ?? Now.AddHours(-1)).UtcDateTime,
            Annotations = deletionCost is null ? null : new Dictionary<string, string> { ["controller.kubernetes.io/pod-deletion-cost"] = deletionCost },
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "app", Image = "nginx" }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition
            {
                Type = "Ready",
                Status = readySince is null ? "False" : "True",
                LastTransitionTime = (readySince ?? Now.AddHours(-1)).UtcDateTime,
            }],
            ContainerStatuses = [new V1ContainerStatus { Name = "app", RestartCount = restarts, Image = "nginx", ImageID = "", Ready = readySince is not null }],
        },
    };
}
