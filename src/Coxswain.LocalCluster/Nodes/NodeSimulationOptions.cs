namespace Coxswain.LocalCluster.Nodes;

/// <summary>
/// The shape and timing of the simulated nodes and their kubelets. The defaults are a real kubelet's (heartbeats, back-offs)
/// and a plausible machine; tests shorten the timings.
/// </summary>
public sealed class NodeSimulationOptions
{
    // ---- the machines -------------------------------------------------------------------------------------------

    /// <summary>Nodes are named <c>{prefix}{index}</c>, index from 1.</summary>
    public string NodeNamePrefix { get; set; } = "coxswain-worker-";
    public int CpuCores { get; set; } = 4;
    public long MemoryBytes { get; set; } = 16L * 1024 * 1024 * 1024;
    public long EphemeralStorageBytes { get; set; } = 100L * 1024 * 1024 * 1024;
    public int MaxPods { get; set; } = 110;
    /// <summary>Nodes are spread over these zones round-robin (<c>topology.kubernetes.io/zone</c>).</summary>
    public IReadOnlyList<string> Zones { get; set; } = ["zone-a", "zone-b", "zone-c"];
    public string Region { get; set; } = "local";
    public string InstanceType { get; set; } = "coxswain.standard-4";
    /// <summary>kernel.core_pattern of every node (see <c>simulation.coxswain.io/core-pattern</c> to override per container).</summary>
    public string CorePattern { get; set; } = Kubelet.CorePattern.Default;

    // ---- node heartbeats (kubelet defaults) -----------------------------------------------------------------------

    /// <summary>nodeLeaseDurationSeconds: what the Lease advertises.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(40);
    /// <summary>The Lease is renewed this often (a quarter of its duration) and node status is checked as often.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>nodeStatusReportFrequency: node conditions are re-posted (new lastHeartbeatTime) at least this often.</summary>
    public TimeSpan NodeStatusReportFrequency { get; set; } = TimeSpan.FromMinutes(5);

    // ---- pod lifecycle --------------------------------------------------------------------------------------------

    /// <summary>From a pod's arrival on the node until its sandbox (and pod IP) is ready.</summary>
    public TimeSpan SandboxCreationTime { get; set; } = TimeSpan.FromMilliseconds(300);
    /// <summary>How long pulling an image takes when the node does not have it yet.</summary>
    public TimeSpan ImagePullTime { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A pull of an image the node already has (imagePullPolicy: Always only checks the registry).</summary>
    public TimeSpan CachedImagePullTime { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>How long a simulated init container runs before it completes.</summary>
    public TimeSpan InitContainerRunTime { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>How long a container takes to exit after SIGTERM (after its preStop hook).</summary>
    public TimeSpan ContainerStopTime { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Crash-loop back-off: 10s doubling up to 5 minutes (kubelet's values).</summary>
    public TimeSpan CrashLoopInitialBackOff { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan CrashLoopMaxBackOff { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Image pull back-off: 10s doubling up to 5 minutes (kubelet's values).</summary>
    public TimeSpan ImagePullInitialBackOff { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan ImagePullMaxBackOff { get; set; } = TimeSpan.FromMinutes(5);

    // ---- the simulation itself ----------------------------------------------------------------------------------

    /// <summary>The resolution of the simulation's timer wheel.</summary>
    public TimeSpan TimerTick { get; set; } = TimeSpan.FromMilliseconds(10);
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Options for tests: every delay short, so a pod is Running within tens of milliseconds.</summary>
    public static NodeSimulationOptions Fast() => new()
    {
        SandboxCreationTime = TimeSpan.FromMilliseconds(20),
        ImagePullTime = TimeSpan.FromMilliseconds(30),
        CachedImagePullTime = TimeSpan.FromMilliseconds(10),
        InitContainerRunTime = TimeSpan.FromMilliseconds(20),
        ContainerStopTime = TimeSpan.FromMilliseconds(10),
        CrashLoopInitialBackOff = TimeSpan.FromMilliseconds(200),
        CrashLoopMaxBackOff = TimeSpan.FromSeconds(2),
        ImagePullInitialBackOff = TimeSpan.FromMilliseconds(200),
        ImagePullMaxBackOff = TimeSpan.FromSeconds(2),
        LeaseRenewInterval = TimeSpan.FromMilliseconds(200),
        TimerTick = TimeSpan.FromMilliseconds(5),
    };
}
