using Coxswain.LocalCluster.Tests.Nodes;
using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Workloads;

/// <summary>Manifests of the built-in workloads and waits on them through the typed client (over HTTPS).</summary>
internal static class Workloads
{
    public static V1PodTemplateSpec Template(string app, string image = "nginx:1.27") => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = 0,
            Containers = [new V1Container { Name = "app", Image = image }],
        },
    };

    public static V1LabelSelector Selector(string app) => new() { MatchLabels = new Dictionary<string, string> { ["app"] = app } };

    public static V1Deployment Deployment(string name, int replicas, Action<V1DeploymentSpec>? customize = null)
    {
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new V1DeploymentSpec { Replicas = replicas, Selector = Selector(name), Template = Template(name) },
        };
        customize?.Invoke(deployment.Spec);
        return deployment;
    }

    public static V1ReplicaSet ReplicaSet(string name, int replicas) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1ReplicaSetSpec { Replicas = replicas, Selector = Selector(name), Template = Template(name) },
    };

    public static V1DaemonSet DaemonSet(string name, Action<V1DaemonSetSpec>? customize = null)
    {
        var ds = new V1DaemonSet
        {
            ApiVersion = "apps/v1",
            Kind = "DaemonSet",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new V1DaemonSetSpec { Selector = Selector(name), Template = Template(name, "busybox:1.36") },
        };
        customize?.Invoke(ds.Spec);
        return ds;
    }

    public static async Task<IList<V1Pod>> PodsAsync(this SimulatedCluster cluster, string app) =>
        (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: $"app={app}")).Items;

    public static async Task<IList<V1Pod>> LivePodsAsync(this SimulatedCluster cluster, string app) =>
        (await cluster.PodsAsync(app)).Where(p => p.Metadata.DeletionTimestamp is null).ToList();

    public static async Task<IList<V1ReplicaSet>> ReplicaSetsAsync(this SimulatedCluster cluster, string app) =>
        (await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync("default", labelSelector: $"app={app}")).Items;

    /// <summary>Events (core/v1, as kube-controller-manager writes them) about one object, as (reason, message).</summary>
    public static async Task<List<(string Reason, string Note)>> EventsAboutAsync(this SimulatedCluster cluster, string kind, string name) =>
        (await cluster.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Where(e => e.InvolvedObject?.Kind == kind && e.InvolvedObject?.Name == name)
            .OrderBy(e => e.FirstTimestamp ?? e.Metadata.CreationTimestamp)
            .Select(e => (e.Reason, e.Message))
            .ToList();

    /// <summary>Waits for an asynchronous condition; the description of the last state goes into the failure.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T last;
        while (!done(last = await read()))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out waiting for {what}\n{KubernetesJson.Serialize(last)}");
            await Task.Delay(20);
        }
        return last;
    }

    public static Task<V1Deployment> WaitForRolloutAsync(this SimulatedCluster cluster, string name, TimeSpan? timeout = null) =>
        EventuallyAsync(() => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(name, "default"), d => RolledOut(d), $"deployment {name} rolled out", timeout);

    /// <summary>kubectl rollout status's notion of done.</summary>
    public static bool RolledOut(V1Deployment d) =>
        d.Status is { } s && s.ObservedGeneration >= d.Metadata.Generation
        && (s.UpdatedReplicas ?? 0) == d.Spec.Replicas && (s.Replicas ?? 0) == d.Spec.Replicas && (s.AvailableReplicas ?? 0) == d.Spec.Replicas;

    public static Task<V1Deployment> PatchDeploymentAsync(this SimulatedCluster cluster, string name, string mergePatch) =>
        cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), name, "default");
}
