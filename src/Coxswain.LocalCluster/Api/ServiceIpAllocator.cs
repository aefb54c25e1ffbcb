using System.Net;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Api;

/// <summary>
/// Cluster IPs from kube's default service range 10.96.0.0/12. An IP is taken while a stored Service holds it, or for a
/// short while after it was handed out (so two Services created at the same moment never get the same one); deleting a
/// Service frees its IP without bookkeeping.
/// </summary>
public sealed class ServiceIpAllocator(ObjectStore store, TimeProvider? time = null) : IServiceIpAllocator
{
    const uint RangeStart = 0x0A600000; // 10.96.0.0
    const uint RangeSize = 1u << 20;    // /12
    static readonly TimeSpan ReservationTtl = TimeSpan.FromSeconds(30);

    readonly TimeProvider time = time ?? TimeProvider.System;
    readonly Dictionary<string, DateTimeOffset> reserved = new();

    public string? AllocateNext()
    {
        lock (reserved)
        {
            var used = InUse();
            for (var attempt = 0; attempt < 4096; attempt++)
            {
                // Like kube's allocator: random in the range, skipping the network address and .1 (the kubernetes Service).
                var ip = ToString(RangeStart + 2 + (uint)Random.Shared.Next((int)RangeSize - 3));
                if (used.Contains(ip)) continue;
                reserved[ip] = time.GetUtcNow();
                return ip;
            }
            return null;
        }
    }

    public string? Allocate(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address) || address.GetAddressBytes() is not { Length: 4 } bytes)
            return "the provided IP is not in the valid range";
        var value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        if (value <= RangeStart || value >= RangeStart + RangeSize - 1)
            return $"the provided IP ({ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/12";
        lock (reserved)
        {
            if (InUse().Contains(ip)) return "provided IP is already allocated";
            reserved[ip] = time.GetUtcNow();
            return null;
        }
    }

    HashSet<string> InUse()
    {
        var now = time.GetUtcNow();
        foreach (var (ip, at) in reserved.ToList())
            if (now - at > ReservationTtl) reserved.Remove(ip);
        var used = new HashSet<string>(reserved.Keys);
        foreach (var svc in store.Current.Bucket(BuiltInResources.Services.GroupResource).Values)
        {
            var clusterIp = (string?)svc.ToJsonObject()["spec"]?["clusterIP"];
            if (!string.IsNullOrEmpty(clusterIp)) used.Add(clusterIp);
        }
        return used;
    }

    static string ToString(uint v) => $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";
}
