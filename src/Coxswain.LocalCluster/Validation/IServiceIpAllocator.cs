namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// Cluster IP bookkeeping that needs cluster-wide state, implemented by the server (which also releases IPs when a
/// Service is deleted or stops needing one). Used by <see cref="ServiceIpAssignment"/>; single-stack IPv4 is assumed.
/// </summary>
public interface IServiceIpAllocator
{
    /// <summary>Reserves the next free IP of the service range, or returns null when the range is exhausted.</summary>
    string? AllocateNext();

    /// <summary>Reserves a specific IP. Returns null on success, otherwise the reason, worded like upstream's allocator
    /// errors (e.g. "provided IP is already allocated").</summary>
    string? Allocate(string ip);
}
