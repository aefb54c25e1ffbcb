using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Nodes;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>What every simulated kubelet shares: the one simulation loop (and its timer wheel), the API, events and logs.</summary>
public sealed class KubeletServices(
    ControllerLoop loop,
    ResourceStorage storage,
    EventRecorder events,
    NodeSimulationOptions options,
    ContainerLogBook logs,
    CoreDumpWriter coreDumps,
    ILogger logger)
{
    public ControllerLoop Loop => loop;
    public ResourceStorage Storage => storage;
    public EventRecorder Events => events;
    public NodeSimulationOptions Options => options;
    public ContainerLogBook Logs => logs;
    public CoreDumpWriter CoreDumps => coreDumps;
    public ILogger Logger => logger;
    public DateTimeOffset Now => loop.Now;
}
