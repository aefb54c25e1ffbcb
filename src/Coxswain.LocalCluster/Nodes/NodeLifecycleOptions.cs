namespace Coxswain.LocalCluster.Nodes;

/// <summary>kube-controller-manager's node lifecycle, taint eviction and pod GC timings (its defaults), shortened by tests.</summary>
public sealed class NodeLifecycleOptions
{
    /// <summary>node-monitor-grace-period: a node whose kubelet has been silent this long is marked Unknown.</summary>
    public TimeSpan NodeMonitorGracePeriod { get; set; } = TimeSpan.FromSeconds(40);
    /// <summary>node-monitor-period: how often node health is checked.</summary>
    public TimeSpan NodeMonitorPeriod { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Pod GC waits this long before deleting the pods of a node that does not exist (it may be registering).</summary>
    public TimeSpan OrphanedPodQuarantine { get; set; } = TimeSpan.FromSeconds(40);
    public TimeSpan TimerTick { get; set; } = TimeSpan.FromMilliseconds(10);
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
