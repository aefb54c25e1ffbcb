namespace Coxswain.LocalCluster.Nodes;

/// <summary>
/// Where simulated node number <see cref="Index"/> (from 1) sits on the simulated network: its name, its InternalIP in
/// 10.0.0.0/16 (10.0.0.2 for the first node), its /24 pod CIDR in 10.244.0.0/14 (10.244.1.0/24 for the first node,
/// 10.245.0.0/24 for the 256th), and its zone.
/// </summary>
public sealed record NodeIdentity(int Index, string Name, string InternalIp, string PodCidr, string Zone)
{
    public static NodeIdentity For(int index, NodeSimulationOptions options)
    {
        if (index < 1) throw new ArgumentOutOfRangeException(nameof(index));
        var hostOffset = index + 1;
        var internalIp = $"10.0.{hostOffset / 256}.{hostOffset % 256}";
        var podCidr = $"10.{244 + index / 256}.{index % 256}.0/24";
        var zone = options.Zones.Count == 0 ? "" : options.Zones[(index - 1) % options.Zones.Count];
        return new NodeIdentity(index, options.NodeNamePrefix + index, internalIp, podCidr, zone);
    }
}
