using System.Net;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// Pod IPs for process-backed pods, shared by every node because they all live on this machine: 127.N.x.y (N from the
/// options). Addresses are handed out round the range rather than lowest first, so an address just released (whose
/// sockets may linger in TIME_WAIT) is the last to be reused; .0 and .255 host parts are skipped, as they look like network
/// and broadcast addresses. A process listening on its pod IP never clashes with another pod's ports. Loop-thread only.
/// </summary>
public sealed class LoopbackIpAllocator(byte secondOctet) : IPodIpAllocator
{
    readonly HashSet<int> used = new();
    int next;

    public string? Allocate()
    {
        for (var i = 0; i < 65536; i++)
        {
            var host = (next + i) % 65536;
            if ((host & 0xff) is 0 or 255 || !used.Add(host)) continue;
            next = host + 1;
            return Address(host);
        }
        return null;
    }

    public bool Reserve(string ip)
    {
        if (HostPart(ip) is not { } host) return false;
        used.Add(host);
        return true;
    }

    public void Release(string ip)
    {
        if (HostPart(ip) is { } host) used.Remove(host);
    }

    public bool Contains(string ip) => HostPart(ip) is not null;

    int? HostPart(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address)) return null;
        var b = address.GetAddressBytes();
        return b.Length == 4 && b[0] == 127 && b[1] == secondOctet ? b[2] << 8 | b[3] : null;
    }

    string Address(int host) => $"127.{secondOctet}.{host >> 8}.{host & 0xff}";
}
