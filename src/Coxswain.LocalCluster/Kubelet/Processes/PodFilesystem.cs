using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Server;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// Makes a process-backed container's files real on this machine (see <see cref="PodDirectories"/>): its volumes
/// (emptyDir, hostPath, secret, configMap, downwardAPI, projected with service-account token, PVCs as node directories),
/// the service-account directory (token, ca.crt, namespace) unless the pod opts out, the pod's kubeconfig, and the
/// container's root directory in which every <c>mountPath</c> is a symbolic link to its volume (or subPath). A process
/// reaches a container path <c>/p</c> at <c>$COXSWAIN_CONTAINER_ROOT/p</c>. Secret and ConfigMap contents are written
/// each time a container starts.
/// </summary>
public sealed class PodFilesystem(PodContext pod, ConfigObjects config, ClusterEndpoint cluster)
{
    public const string ServiceAccountMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    PodDirectories Dirs => pod.Directories;

    /// <summary>Sets up the container's volumes and root directory; returns the service-account directory the process uses.</summary>
    public string Prepare(JsonObject container)
    {
        var volumes = pod.Spec.Arr("volumes").Objects().Select(v => v.Item).ToDictionary(v => v.StrOrEmpty("name"), StringComparer.Ordinal);
        var mounts = container.Arr("volumeMounts").Objects().Select(m => m.Item).ToList();
        var root = Dirs.ContainerRoot(container.StrOrEmpty("name"));
        // Links from an earlier instance are replaced: the spec (and so the mounts) may have changed.
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);

        foreach (var mount in mounts)
        {
            var name = mount.StrOrEmpty("name");
            if (!volumes.TryGetValue(name, out var volume)) continue;
            var source = SetUp(volume);
            var target = mount.Str("subPath") is { Length: > 0 } subPath ? SubPath(source, subPath) : source;
            Link(root, mount.StrOrEmpty("mountPath"), target);
        }

        var serviceAccountMount = mounts.FirstOrDefault(m => m.StrOrEmpty("mountPath").TrimEnd('/') == ServiceAccountMountPath);
        string serviceAccountDirectory;
        if (serviceAccountMount is not null && volumes.TryGetValue(serviceAccountMount.StrOrEmpty("name"), out var saVolume))
            serviceAccountDirectory = SetUp(saVolume);
        else
        {
            serviceAccountDirectory = Dirs.ServiceAccount;
            WriteServiceAccountFiles(serviceAccountDirectory, "token");
            if (pod.Spec.Bool("automountServiceAccountToken") != false) Link(root, ServiceAccountMountPath, serviceAccountDirectory);
        }
        if (container.Str("workingDir") is { Length: > 0 } workingDir) Directory.CreateDirectory(InRoot(root, workingDir));
        File.WriteAllText(Dirs.Kubeconfig, KubeconfigWriter.RenderForPod(cluster.Server,
            Path.Combine(serviceAccountDirectory, "ca.crt"), cluster.Token, pod.Namespace));
        return serviceAccountDirectory;
    }

    /// <summary>The host path of a container path inside the container's root directory.</summary>
    public static string InRoot(string root, string containerPath) => Path.Combine(root, containerPath.TrimStart('/'));

    /// <summary>Creates (or refreshes) a volume's contents; returns its directory.</summary>
    string SetUp(JsonObject volume)
    {
        var name = volume.StrOrEmpty("name");
        if (volume.Obj("hostPath") is { } hostPath)
        {
            var path = Dirs.HostPath(hostPath.StrOrEmpty("path"));
            if (hostPath.Str("type") is "FileOrCreate" or "File")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (!File.Exists(path)) File.WriteAllBytes(path, []);
            }
            else Directory.CreateDirectory(path);
            return path;
        }
        if (volume.Obj("persistentVolumeClaim") is { } claim)
            return Created(Path.Combine(Dirs.NodeRoot, "var", "lib", "coxswain", "claims", pod.Namespace, claim.StrOrEmpty("claimName")));
        if (volume.Obj("secret") is { } secret)
        {
            var dir = Fresh(Dirs.Volume("secret", name));
            WriteSource(dir, name, true, secret.StrOrEmpty("secretName"), secret);
            return dir;
        }
        if (volume.Obj("configMap") is { } configMap)
        {
            var dir = Fresh(Dirs.Volume("configmap", name));
            WriteSource(dir, name, false, configMap.StrOrEmpty("name"), configMap);
            return dir;
        }
        if (volume.Obj("downwardAPI") is { } downward)
        {
            var dir = Fresh(Dirs.Volume("downward-api", name));
            WriteDownwardApi(dir, downward.Arr("items"));
            return dir;
        }
        if (volume.Obj("projected") is { } projected)
        {
            var dir = Fresh(Dirs.Volume("projected", name));
            foreach (var (_, source) in projected.Arr("sources").Objects()) Project(dir, name, source);
            return dir;
        }
        // emptyDir, and any volume type this machine cannot provide, is an empty directory the pod keeps while it lives.
        return Created(Dirs.Volume("empty-dir", name));
    }

    void Project(string dir, string volumeName, JsonObject source)
    {
        if (source.Obj("serviceAccountToken") is { } token)
            WriteFile(dir, token.Str("path") is { Length: > 0 } p ? p : "token", Encoding.UTF8.GetBytes(cluster.Token));
        else if (source.Obj("secret") is { } secret) WriteSource(dir, volumeName, true, secret.StrOrEmpty("name"), secret);
        else if (source.Obj("configMap") is { } configMap) WriteSource(dir, volumeName, false, configMap.StrOrEmpty("name"), configMap);
        else if (source.Obj("downwardAPI") is { } downward) WriteDownwardApi(dir, downward.Arr("items"));
    }

    /// <summary>
    /// A Secret's or ConfigMap's keys as files (a secret or configMap volume, or a projected source): every key, or only the
    /// listed items at their paths. A missing object (unless optional) or listed key fails the mount.
    /// </summary>
    void WriteSource(string dir, string volumeName, bool secret, string objectName, JsonObject source)
    {
        var data = config.Of(secret, objectName);
        // kube-controller-manager's root-CA publisher is not part of the local cluster: its ConfigMap's content is known.
        if (data is null && !secret && objectName == "kube-root-ca.crt")
            data = new Dictionary<string, byte[]> { ["ca.crt"] = Encoding.UTF8.GetBytes(cluster.AuthorityPem) };
        if (data is null)
        {
            if (source.Bool("optional") == true) return;
            throw new VolumeSetupException(volumeName, ConfigObjects.NotFound(secret, objectName));
        }
        var missingKey = secret ? "references non-existent secret key" : "configmap references non-existent config key";
        var items = source.Arr("items");
        if (items is not { Count: > 0 })
        {
            foreach (var (key, value) in data) WriteFile(dir, key, value);
            return;
        }
        foreach (var (_, item) in items.Objects())
        {
            var key = item.StrOrEmpty("key");
            if (!data.TryGetValue(key, out var value)) throw new VolumeSetupException(volumeName, $"{missingKey}: {key}");
            WriteFile(dir, item.StrOrEmpty("path"), value);
        }
    }

    void WriteDownwardApi(string dir, JsonArray? items)
    {
        foreach (var (_, item) in items.Objects())
        {
            var value = item.Obj("fieldRef") is { } fieldRef ? DownwardApi.FieldRef(pod, fieldRef)
                : item.Obj("resourceFieldRef") is { } resourceFieldRef ? DownwardApi.ResourceFieldRef(pod, resourceFieldRef, "")
                : null;
            if (value is not null) WriteFile(dir, item.StrOrEmpty("path"), Encoding.UTF8.GetBytes(value));
        }
    }

    /// <summary>token, ca.crt and namespace: what in-cluster clients read.</summary>
    void WriteServiceAccountFiles(string dir, string tokenPath)
    {
        Directory.CreateDirectory(dir);
        WriteFile(dir, tokenPath, Encoding.UTF8.GetBytes(cluster.Token));
        WriteFile(dir, "ca.crt", Encoding.UTF8.GetBytes(cluster.AuthorityPem));
        WriteFile(dir, "namespace", Encoding.UTF8.GetBytes(pod.Namespace));
    }

    void WriteFile(string dir, string relative, byte[] content)
    {
        var path = Path.GetFullPath(Path.Combine(dir, relative));
        if (!path.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return; // ".." must not leave the volume
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    /// <summary>A subPath inside a volume, created as a directory when missing (as the kubelet does).</summary>
    string SubPath(string volumeDirectory, string subPath)
    {
        var path = Path.GetFullPath(Path.Combine(volumeDirectory, subPath));
        if (!path.StartsWith(volumeDirectory, StringComparison.Ordinal))
            throw new ContainerConfigException($"failed to prepare subPath for volumeMount: {subPath} is outside the volume");
        if (!File.Exists(path)) Directory.CreateDirectory(path);
        return path;
    }

    static void Link(string root, string mountPath, string target)
    {
        var link = InRoot(root, mountPath).TrimEnd('/');
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (Directory.Exists(link) || File.Exists(link)) return; // a mount above it already provides this path
        if (Directory.Exists(target)) Directory.CreateSymbolicLink(link, target);
        else File.CreateSymbolicLink(link, target);
    }

    static string Created(string dir)
    {
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A volume whose content is generated is rewritten from scratch, so removed keys disappear.</summary>
    static string Fresh(string dir)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        return Created(dir);
    }
}
