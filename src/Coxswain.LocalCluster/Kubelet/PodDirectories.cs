namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// Where a pod's files live on its node, which is <c>{data-dir}/nodes/{node}/</c>: volumes where the kubelet keeps them
/// (<c>var/lib/kubelet/pods/{uid}/volumes/kubernetes.io~{plugin}/{name}</c>), hostPath volumes at their path under the node's
/// root, and, for process-backed containers, each container's root directory (mount points as links into the volumes)
/// and the pod's kubeconfig.
/// </summary>
public sealed record PodDirectories(string NodeRoot, string PodUid)
{
    public static PodDirectories For(string dataDirectory, string nodeName, string podUid) =>
        new(Path.GetFullPath(Path.Combine(dataDirectory, "nodes", nodeName)), podUid);

    public string PodRoot => Path.Combine(NodeRoot, "var", "lib", "kubelet", "pods", PodUid);

    /// <summary>A volume's directory by its plugin (<c>empty-dir</c>, <c>secret</c>, <c>configmap</c>, <c>projected</c>, <c>downward-api</c>).</summary>
    public string Volume(string plugin, string name) => Path.Combine(PodRoot, "volumes", "kubernetes.io~" + plugin, name);

    public string HostPath(string path) => Path.Combine(NodeRoot, path.TrimStart('/'));

    /// <summary>The service-account files (token, ca.crt, namespace) when the pod mounts none of its own.</summary>
    public string ServiceAccount => Volume("projected", "kube-api-access-coxswain");

    public string ContainerRoot(string container) => Path.Combine(PodRoot, "rootfs", container);

    public string Kubeconfig => Path.Combine(PodRoot, "kubeconfig");

    /// <summary>Whether <paramref name="fullPath"/> stays inside the node's directory (".." in a path must not leave it).</summary>
    public bool IsOnNode(string fullPath) => fullPath.StartsWith(NodeRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
