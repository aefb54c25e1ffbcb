using Coxswain.LocalCluster.Nodes;
using Coxswain.LocalCluster.Scheduling;

namespace Coxswain.LocalCluster.Server;

/// <summary>How <c>coxswain up</c> runs the local cluster.</summary>
public sealed class LocalClusterOptions
{
    public string DataDir { get; set; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".coxswain");
    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 6443;
    public string Address { get; set; } = "127.0.0.1";
    /// <summary>Keep the store in memory only: nothing survives a restart (tests, throwaway clusters).</summary>
    public bool InMemory { get; set; }
    public Storage.StoreOptions Store { get; set; } = new();
    public Http.WatchOptions Watch { get; set; } = new();

    /// <summary>
    /// How many simulated nodes register at start (<c>coxswain up --nodes N</c>). 0 runs the API server alone: no nodes,
    /// no scheduler, no node controllers, so pods stay Pending and nothing but clients writes.
    /// </summary>
    public int Nodes { get; set; } = 3;
    /// <summary>The simulated nodes' shape and their kubelets' timings.</summary>
    public NodeSimulationOptions NodeSimulation { get; set; } = new();
    /// <summary>Node lifecycle, taint eviction and pod GC timings.</summary>
    public NodeLifecycleOptions NodeLifecycle { get; set; } = new();
    public SchedulerOptions Scheduler { get; set; } = new();
    /// <summary>Containers of Coxswain's own image run as child processes (README "Process-backed pods").</summary>
    public Kubelet.Processes.ProcessContainerOptions ProcessContainers { get; set; } = new();
}
