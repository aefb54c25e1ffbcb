using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// What a process-backed container is generated from: the pod (as stored), the addresses the kubelet gave it (its status
/// may not be written yet), its node's allocatable resources, and where its files live on this machine.
/// </summary>
public sealed record PodContext(JsonObject Pod, string PodIp, string HostIp, decimal NodeCpuCores, decimal NodeMemoryBytes,
    decimal NodeEphemeralStorageBytes, PodDirectories Directories)
{
    public JsonObject? Metadata => Pod.Obj("metadata");
    public JsonObject? Spec => Pod.Obj("spec");
    public string Namespace => Metadata.StrOrEmpty("namespace");
    public string Name => Metadata.StrOrEmpty("name");
    public string Uid => Metadata.StrOrEmpty("uid");
    public string ServiceAccountName => Spec.Str("serviceAccountName") is { Length: > 0 } sa ? sa : "default";

    public JsonObject? Container(string name) =>
        Spec.Arr("containers").Objects().Concat(Spec.Arr("initContainers").Objects()).Select(c => c.Item)
            .FirstOrDefault(c => c.StrOrEmpty("name") == name);
}
