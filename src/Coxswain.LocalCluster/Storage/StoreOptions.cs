namespace Coxswain.LocalCluster.Storage;

public sealed class StoreOptions
{
    /// <summary>How much history watches and continue tokens can reach back into (kube-apiserver compacts etcd every 5 minutes).</summary>
    public TimeSpan CompactionWindow { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How often the compactor runs.</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Most writes committed in one transaction (group commit).</summary>
    public int MaxBatch { get; set; } = 1000;
}
