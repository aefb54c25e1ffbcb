using System.Net;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// Hands out pod IPs from a node's /24 pod CIDR (10.244.N.0/24): .1 is the node's bridge, so addresses run from .2 to .254,
/// lowest free first, as host-local IPAM does.
/// </summary>
public sealed class PodIpAllocator(string podCidr) : IPodIpAllocator
{
    readonly byte[] prefix = IPAddress.Parse(podCidr[..podCidr.IndexOf('/')]).GetAddressBytes();
    readonly bool[] used = new bool[256];

    public string? Allocate()
    {
        for (var host = 2; host < 255; host++)
        {
            if (used[host]) continue;
            used[host] = true;
            return Address(host);
        }
        return null;
    }

    /// <summary>Marks an address as taken (a pod adopted after a restart keeps its IP); false when it is not from this range.</summary>
    public bool Reserve(string ip)
    {
        var host = HostPart(ip);
        if (host is null) return false;
        used[host.Value] = true;
        return true;
    }

    public void Release(string ip)
    {
        if (HostPart(ip) is { } host) used[host] = false;
    }

    int? HostPart(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address)) return null;
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 && bytes[0] == prefix[0] && bytes[1] == prefix[1] && bytes[2] == prefix[2] ? bytes[3] : null;
    }

    string Address(int host) => $"{prefix[0]}.{prefix[1]}.{prefix[2]}.{host}";
}
