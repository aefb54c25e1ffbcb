using System.ComponentModel;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// One instance of a process-backed container: its files and environment generated, its process started, its probes run
/// against it, stopped gracefully (SIGTERM, SIGKILL when the grace period runs out) or killed. What happens to it is
/// handed back on the simulation loop to <paramref name="onExited"/> and the probe callbacks. Loop-thread only.
/// </summary>
public sealed class ProcessInstance
{
    readonly SimulatedKubelet kubelet;
    readonly ContainerProcess process;
    readonly string podIp;
    readonly JsonObject container;
    readonly ContainerExec exec;
    readonly List<ProbeWorker> probes = new();
    ScheduledTimer? killTimer;

    ProcessInstance(SimulatedKubelet kubelet, ContainerProcess process, string podIp, JsonObject container, ContainerExec exec)
    {
        this.exec = exec;
        this.kubelet = kubelet;
        this.process = process;
        this.podIp = podIp;
        this.container = container;
    }

    public int ProcessId => process.Id;

    /// <summary>
    /// Generates the container's files and environment and starts its process. Throws <see cref="VolumeSetupException"/>
    /// or <see cref="ContainerConfigException"/> before anything runs, <see cref="ContainerStartException"/> when the
    /// runtime could not start it.
    /// </summary>
    public static ProcessInstance Start(SimulatedKubelet kubelet, JsonObject pod, JsonObject container, string podIp, ContainerLog log,
        Action<ProcessInstance, int> onExited)
    {
        var runtime = kubelet.Services.Processes;
        var options = kubelet.Services.Options;
        var meta = pod.Obj("metadata");
        var context = new PodContext(pod, podIp, kubelet.Node.InternalIp, options.CpuCores, options.MemoryBytes, options.EphemeralStorageBytes,
            PodDirectories.For(runtime.DataDirectory, kubelet.Node.Name, meta.StrOrEmpty("uid")));
        var config = new ConfigObjects(kubelet.Services.Storage, meta.StrOrEmpty("namespace"));
        var serviceAccountDirectory = new PodFilesystem(context, config, runtime.Cluster).Prepare(container);
        var env = ContainerEnvironment.Build(context, container, runtime.Cluster.Server, serviceAccountDirectory, config);
        var (arguments, error) = ContainerCommandLine.For(container, env);
        if (arguments is null) throw new ContainerStartException(error!);
        var root = context.Directories.ContainerRoot(container.StrOrEmpty("name"));
        var workingDirectory = container.Str("workingDir") is { Length: > 0 } w ? PodFilesystem.InRoot(root, w) : root;
        ContainerProcess process;
        try
        {
            process = ContainerProcess.Start(runtime.Launcher, runtime.Command, arguments, env, workingDirectory, log, kubelet.Services.Options.Time);
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException)
        {
            throw new ContainerStartException("failed to create containerd task: failed to create shim task: OCI runtime create failed: " +
                                              $"runc create failed: unable to start container process: exec: \"{runtime.Command.FileName}\": {e.Message}: unknown");
        }
        runtime.Running.Add(process);
        var instance = new ProcessInstance(kubelet, process, podIp, container, new ContainerExec(runtime, env, workingDirectory));
        var loop = kubelet.Services.Loop;
        // The exit is handed to the kubelet on the loop; a stopped kubelet (its process keeps running, as containers outlive
        // a crashed kubelet) learns of it when it starts again.
        _ = process.Exited.ContinueWith(t => loop.Post(() => kubelet.After(TimeSpan.Zero, () => onExited(instance, t.Result))),
            TaskScheduler.Default);
        return instance;
    }

    /// <summary>Starts probing with <paramref name="probe"/> from now (or the probe's initial delay after the start).</summary>
    public void StartProbe(ProbeSpec probe, DateTimeOffset startedAt, bool? initialResult, Action<bool> onResultChanged, Action<ProbeResult> onFailure)
    {
        var worker = new ProbeWorker(kubelet, kubelet.Services.Processes.Prober, probe, podIp, container, exec, initialResult, onResultChanged, onFailure);
        probes.Add(worker);
        worker.Start(startedAt, kubelet.Services.Now);
    }

    public void StopProbes()
    {
        foreach (var p in probes) p.Stop();
        probes.Clear();
    }

    /// <summary>SIGTERM now, SIGKILL to the process tree when <paramref name="gracePeriod"/> is over and it still runs.</summary>
    public void Terminate(TimeSpan gracePeriod)
    {
        StopProbes();
        if (gracePeriod <= TimeSpan.Zero)
        {
            process.Kill();
            return;
        }
        process.Signal(15);
        killTimer?.Cancel();
        killTimer = kubelet.Services.Loop.After(gracePeriod, process.Kill);
    }

    /// <summary>SIGKILL at once (the pod is gone from the node).</summary>
    public void Kill()
    {
        StopProbes();
        killTimer?.Cancel();
        process.Kill();
    }

    /// <summary>Called when the exit has been handled.</summary>
    public void Exited()
    {
        StopProbes();
        killTimer?.Cancel();
    }
}
