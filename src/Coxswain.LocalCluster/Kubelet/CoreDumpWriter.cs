using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// Writes the core file of a simulated crash where the real kernel would: the core pattern is a path inside the
/// container, resolved through the container's volume mounts onto the node's own filesystem, which is
/// <c>{data-dir}/nodes/{node}/</c>. A hostPath volume <c>/var/coredumps</c> is <c>{data-dir}/nodes/{node}/var/coredumps</c>;
/// an emptyDir lives where the kubelet keeps it (<c>var/lib/kubelet/pods/{uid}/volumes/kubernetes.io~empty-dir/{name}</c>).
/// A path on no writable volume is in the container's own layer, gone with it: nothing is written.
/// The file is a real (tiny) ELF core header followed by a note saying what crashed.
/// </summary>
public sealed class CoreDumpWriter(string dataDirectory)
{
    /// <returns>The core file's path inside the container and on disk, or null when none was written.</returns>
    public (string ContainerPath, string HostPath)? Write(string nodeName, JsonObject pod, JsonObject container, CrashedProcess process, string pattern)
    {
        if (CorePattern.IsPipe(pattern)) return null;
        var containerPath = CorePattern.Expand(pattern, process);
        if (!containerPath.StartsWith('/')) return null; // relative to the process's working directory: inside the container
        var hostPath = ResolveOnNode(nodeName, pod, container, containerPath);
        if (hostPath is null) return null;
        Directory.CreateDirectory(Path.GetDirectoryName(hostPath)!);
        File.WriteAllBytes(hostPath, CoreFileContent(pod, container, process));
        return (containerPath, hostPath);
    }

    string? ResolveOnNode(string nodeName, JsonObject pod, JsonObject container, string containerPath)
    {
        var mount = container.Arr("volumeMounts").Objects().Select(m => m.Item)
            .Where(m => IsUnder(containerPath, m.StrOrEmpty("mountPath")))
            .MaxBy(m => m.StrOrEmpty("mountPath").TrimEnd('/').Length);
        if (mount is null || mount.Bool("readOnly") == true) return null;
        var volumeName = mount.StrOrEmpty("name");
        var volume = pod.Obj("spec").Arr("volumes").Objects().Select(v => v.Item).FirstOrDefault(v => v.StrOrEmpty("name") == volumeName);
        var directories = PodDirectories.For(dataDirectory, nodeName, pod.Obj("metadata").StrOrEmpty("uid"));
        string? volumeRoot = volume switch
        {
            _ when volume.Obj("hostPath") is { } hostPath => directories.HostPath(hostPath.StrOrEmpty("path")),
            _ when volume.Obj("emptyDir") is not null => directories.Volume("empty-dir", volumeName),
            _ => null,
        };
        if (volumeRoot is null) return null;
        var relative = containerPath[mount.StrOrEmpty("mountPath").TrimEnd('/').Length..].TrimStart('/');
        var full = Path.GetFullPath(Path.Combine(volumeRoot, mount.StrOrEmpty("subPath"), relative));
        // ".." in a pattern or subPath must not reach outside the node's directory.
        return directories.IsOnNode(full) ? full : null;
    }

    static bool IsUnder(string path, string mountPath)
    {
        var mount = mountPath.TrimEnd('/');
        return mount.Length == 0 || path == mount || path.StartsWith(mount + "/", StringComparison.Ordinal);
    }

    /// <summary>An ELF64 little-endian x86-64 header of type ET_CORE (what file(1) recognizes), then a plain-text note.</summary>
    static byte[] CoreFileContent(JsonObject pod, JsonObject container, CrashedProcess process)
    {
        var header = new byte[64];
        "\u007fELF"u8.CopyTo(header);
        header[4] = 2; // ELFCLASS64
        header[5] = 1; // little endian
        header[6] = 1; // EV_CURRENT
        BitConverter.TryWriteBytes(header.AsSpan(16), (ushort)4);  // e_type ET_CORE
        BitConverter.TryWriteBytes(header.AsSpan(18), (ushort)62); // e_machine EM_X86_64
        BitConverter.TryWriteBytes(header.AsSpan(20), 1u);         // e_version
        BitConverter.TryWriteBytes(header.AsSpan(52), (ushort)64); // e_ehsize
        BitConverter.TryWriteBytes(header.AsSpan(54), (ushort)56); // e_phentsize
        var meta = pod.Obj("metadata");
        var note = $"""

            Coxswain simulated core dump
            pod: {meta.StrOrEmpty("namespace")}/{meta.StrOrEmpty("name")} ({meta.StrOrEmpty("uid")})
            container: {container.StrOrEmpty("name")}
            image: {container.StrOrEmpty("image")}
            executable: {process.ExecutablePath}
            signal: {process.Signal} ({Signals.NameOf(process.Signal)})
            pid: {process.Pid}
            time: {process.At.ToUnixTimeSeconds()}

            """;
        return [.. header, .. Encoding.UTF8.GetBytes(note)];
    }
}
