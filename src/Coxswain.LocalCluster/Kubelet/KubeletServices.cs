using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Nodes;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>What every simulated kubelet shares: the one simulation loop (and its timer wheel), the API, events, logs and child processes.</summary>
public sealed class KubeletServices(
    ControllerLoop loop,
    ResourceStorage storage,
    EventRecorder events,
    NodeSimulationOptions options,
    ContainerLogBook logs,
    CoreDumpWriter coreDumps,
    Processes.ProcessRuntime processes,
    ILogger logger)
{
    public ControllerLoop Loop => loop;
    public ResourceStorage Storage => storage;
    public EventRecorder Events => events;
    public NodeSimulationOptions Options => options;
    public ContainerLogBook Logs => logs;
    public CoreDumpWriter CoreDumps => coreDumps;
    /// <summary>Process-backed containers: what runs them and every process running.</summary>
    public Processes.ProcessRuntime Processes => processes;
    public ILogger Logger => logger;
    public DateTimeOffset Now => loop.Now;
}
