namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// What every node's process-backed containers share: which images run as processes and with what program, the loopback
/// pod IPs, the prober, how to reach the API server, and the set of running processes that stopping the cluster ends.
/// </summary>
public sealed class ProcessRuntime(ProcessContainerOptions options, ClusterEndpoint cluster, string dataDirectory) : IDisposable
{
    readonly Lazy<ProcessCommand> command = new(() => options.Command ?? ProcessCommand.CurrentProcess());
    readonly Lazy<ChildProcessLauncher> launcher = new(() => new ChildProcessLauncher());

    public ProcessContainerOptions Options => options;
    public ClusterEndpoint Cluster => cluster;
    public string DataDirectory => dataDirectory;
    /// <summary>The program behind Coxswain's image (resolved when first needed).</summary>
    public ProcessCommand Command => command.Value;
    public ContainerProcesses Running { get; } = new();
    public LoopbackIpAllocator LoopbackIps { get; } = new(options.LoopbackSecondOctet);
    public Prober Prober { get; } = new();
    /// <summary>Started with the first process (its thread is not worth having in a cluster that runs none).</summary>
    public ChildProcessLauncher Launcher => launcher.Value;

    public bool IsProcessImage(string image) => options.IsProcessImage(image);

    /// <summary>Stops every child process: SIGTERM, then SIGKILL after the shutdown grace period.</summary>
    public Task StopAllAsync() => Running.StopAllAsync(options.ShutdownGracePeriod);

    /// <summary>After <see cref="StopAllAsync"/>: ends the launcher thread and the prober.</summary>
    public void Dispose()
    {
        if (launcher.IsValueCreated) launcher.Value.Dispose();
        Prober.Dispose();
    }
}
