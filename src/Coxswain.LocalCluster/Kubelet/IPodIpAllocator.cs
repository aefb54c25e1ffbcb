namespace Coxswain.LocalCluster.Kubelet;

/// <summary>Where a pod's IP comes from: the node's pod CIDR, or the loopback range of process-backed pods.</summary>
public interface IPodIpAllocator
{
    /// <summary>A free address, or null when the range is full.</summary>
    string? Allocate();

    /// <summary>Marks an address as taken (a pod adopted after a restart keeps its IP); false when it is not from this range.</summary>
    bool Reserve(string ip);

    void Release(string ip);
}
