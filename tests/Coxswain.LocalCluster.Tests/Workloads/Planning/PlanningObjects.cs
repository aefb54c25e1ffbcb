using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Workloads.Planning;

/// <summary>Deployments, ReplicaSets, nodes and pods in the shapes the planners read, without a server.</summary>
internal static class PlanningObjects
{
    static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTimeOffset Now = new(Epoch.AddHours(1));

    public static V1Deployment Deployment(int replicas, IntOrString? maxSurge = null, IntOrString? maxUnavailable = null, string strategy = "RollingUpdate") => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", Generation = 1 },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Strategy = new V1DeploymentStrategy
            {
                Type = strategy,
                RollingUpdate = strategy == "RollingUpdate" ? new V1RollingUpdateDeployment { MaxSurge = maxSurge ?? "25%", MaxUnavailable = maxUnavailable ?? "25%" } : null,
            },
            Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } } },
        },
        Status = new V1DeploymentStatus(),
    };

    public static V1ReplicaSet ReplicaSet(string name, int replicas, int available, int ageMinutes = 10, string? maxReplicas = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Uid = "uid-" + name,
            CreationTimestamp = Epoch.AddMinutes(-ageMinutes),
            Annotations = maxReplicas is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["deployment.kubernetes.io/max-replicas"] = maxReplicas },
        },
        Spec = new V1ReplicaSetSpec { Replicas = replicas },
        Status = new V1ReplicaSetStatus { Replicas = replicas, ReadyReplicas = available, AvailableReplicas = available },
    };

    public static V1Node Node(string name, string zone = "zone-a", params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = zone } },
        Spec = new V1NodeSpec { Taints = taints },
    };

    public static V1DaemonSet DaemonSet(IntOrString? maxUnavailable = null, IntOrString? maxSurge = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "agent", Generation = 2 },
        Spec = new V1DaemonSetSpec
        {
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Image = "busybox" }] } },
            UpdateStrategy = new V1DaemonSetUpdateStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = maxUnavailable ?? 1, MaxSurge = maxSurge ?? 0 },
            },
        },
    };

    public static V1Pod DaemonPod(string name, string node, string hash, bool available = true, int ageMinutes = 10) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Uid = "uid-" + name,
            CreationTimestamp = Epoch.AddMinutes(-ageMinutes),
            Labels = new Dictionary<string, string> { ["controller-revision-hash"] = hash },
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = "Running",
            Conditions = [new V1PodCondition { Type = "Ready", Status = available ? "True" : "False", LastTransitionTime = Epoch }],
        },
    };
}
