using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Nodes;

/// <summary>
/// The Node object a simulated kubelet registers, shaped like a kubeadm/kind worker's: the well-known labels, capacity and
/// allocatable (allocatable leaves the kubelet's default eviction thresholds: 100Mi of memory, 10% of the disk),
/// the four kubelet conditions, addresses, nodeInfo and the pod CIDR.
/// </summary>
public static class NodeManifest
{
    public const string HostnameLabel = "kubernetes.io/hostname";
    public const string SimulatedLabel = "simulation.coxswain.io/node";
    public const string KubeletVersion = "v1.32.0";
    const long EvictionMemoryBytes = 100L * 1024 * 1024;

    public static JsonObject Build(NodeIdentity node, NodeSimulationOptions options, string bootId, DateTimeOffset now) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject
        {
            ["name"] = node.Name,
            ["labels"] = Labels(node, options),
            ["annotations"] = new JsonObject
            {
                ["node.alpha.kubernetes.io/ttl"] = "0",
                ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
            },
        },
        ["spec"] = new JsonObject
        {
            ["podCIDR"] = node.PodCidr,
            ["podCIDRs"] = new JsonArray(node.PodCidr),
        },
        ["status"] = Status(node, options, bootId, now),
    };

    public static JsonObject Labels(NodeIdentity node, NodeSimulationOptions options)
    {
        var labels = new JsonObject
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            [HostnameLabel] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["node.kubernetes.io/instance-type"] = options.InstanceType,
            ["topology.kubernetes.io/region"] = options.Region,
        };
        if (node.Zone.Length > 0) labels["topology.kubernetes.io/zone"] = node.Zone;
        labels[SimulatedLabel] = "true";
        return labels;
    }

    /// <summary>What the kubelet posts as node status: everything but the images it has.</summary>
    public static JsonObject Status(NodeIdentity node, NodeSimulationOptions options, string bootId, DateTimeOffset now)
    {
        var memoryKi = options.MemoryBytes / 1024;
        var storageKi = options.EphemeralStorageBytes / 1024;
        return new JsonObject
        {
            ["capacity"] = new JsonObject
            {
                ["cpu"] = Text(options.CpuCores),
                ["ephemeral-storage"] = $"{storageKi}Ki",
                ["hugepages-1Gi"] = "0",
                ["hugepages-2Mi"] = "0",
                ["memory"] = $"{memoryKi}Ki",
                ["pods"] = Text(options.MaxPods),
            },
            ["allocatable"] = new JsonObject
            {
                ["cpu"] = Text(options.CpuCores),
                ["ephemeral-storage"] = Text(options.EphemeralStorageBytes / 10 * 9),
                ["hugepages-1Gi"] = "0",
                ["hugepages-2Mi"] = "0",
                ["memory"] = $"{(options.MemoryBytes - EvictionMemoryBytes) / 1024}Ki",
                ["pods"] = Text(options.MaxPods),
            },
            ["conditions"] = NodeConditions.Healthy(now, now),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = node.InternalIp },
                new JsonObject { ["type"] = "Hostname", ["address"] = node.Name }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = StableHex(node.Name + "/machine", 32),
                ["systemUUID"] = StableUuid(node.Name + "/system"),
                ["bootID"] = bootId,
                ["kernelVersion"] = "6.8.0-coxswain",
                ["osImage"] = "Debian GNU/Linux 12 (bookworm)",
                ["containerRuntimeVersion"] = "containerd://1.7.24",
                ["kubeletVersion"] = KubeletVersion,
                ["kubeProxyVersion"] = "",
                ["operatingSystem"] = "linux",
                ["architecture"] = "amd64",
            },
        };
    }

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    static string StableHex(string seed, int length) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..length];

    static string StableUuid(string seed) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(seed))[..16]).ToString();
}
