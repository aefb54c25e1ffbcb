using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// A pod on a simulated node, run the way the kubelet's pod worker runs it: admitted (Pending, ContainerCreating), its
/// sandbox and IP set up, init containers one after another, then the app containers; restarts per restartPolicy;
/// in-place restarts when a container's image changes; graceful termination ending in the kubelet's final DELETE.
/// Every change marks the pod's status for writing; <see cref="PodStatusWriter"/> writes it (coalesced) later in the turn.
/// Loop-thread only.
/// </summary>
public sealed class SimulatedPod
{
    enum Stage { Creating, Initializing, Running, Terminating, Finished }

    static readonly ResourceDefinition Pods = BuiltInResources.Pods;

    readonly List<SimulatedContainer> initContainers = new();
    readonly List<SimulatedContainer> appContainers = new();
    JsonObject pod;
    Stage stage = Stage.Creating;
    int nextInit;
    string restartPolicy;
    ScheduledTimer? sandboxTimer;
    string? terminalPhase;
    /// <summary>Where <see cref="PodIp"/> came from (images may change in place, the address stays).</summary>
    IPodIpAllocator? podIpSource;

    public SimulatedPod(SimulatedKubelet kubelet, JsonObject pod)
    {
        Kubelet = kubelet;
        this.pod = pod;
        var meta = pod.Obj("metadata");
        Namespace = meta.StrOrEmpty("namespace");
        Name = meta.StrOrEmpty("name");
        Uid = meta.StrOrEmpty("uid");
        restartPolicy = Spec.Str("restartPolicy") ?? "Always";
        var annotations = new SimulationAnnotations(meta.Obj("annotations"));
        foreach (var (_, c) in Spec.Arr("initContainers").Objects())
        {
            var kind = c.StrOrEmpty("restartPolicy") == "Always" ? ContainerKind.Sidecar : ContainerKind.Init;
            initContainers.Add(new SimulatedContainer(this, c, kind, annotations.For(c.StrOrEmpty("name"), kind == ContainerKind.Init)));
        }
        foreach (var (_, c) in Spec.Arr("containers").Objects())
            appContainers.Add(new SimulatedContainer(this, c, ContainerKind.App, annotations.For(c.StrOrEmpty("name"), false)));
    }

    public SimulatedKubelet Kubelet { get; }
    public KubeletServices Services => Kubelet.Services;
    public string Namespace { get; }
    public string Name { get; }
    public string Uid { get; }
    public string Key => $"{Namespace}/{Name}";
    public string? PodIp { get; private set; }
    /// <summary>The pod as last seen in the API.</summary>
    public JsonObject Object => pod;
    /// <summary>
    /// A pod with a process-backed container gets its IP on the loopback network, where its processes can listen on it;
    /// any other pod one from its node's pod CIDR.
    /// </summary>
    IPodIpAllocator PodIpRange => RunsProcesses ? Services.Processes.LoopbackIps : Kubelet.PodIps;
    bool RunsProcesses => AllContainers.Any(c => c.IsProcessBacked);
    public DateTimeOffset StartTime { get; private set; }
    JsonObject? Spec => pod.Obj("spec");
    bool HostNetwork => Spec.Bool("hostNetwork") == true;
    IEnumerable<SimulatedContainer> AllContainers => initContainers.Concat(appContainers);
    /// <summary>The containers that keep running: app containers and sidecars.</summary>
    IEnumerable<SimulatedContainer> LongRunning => initContainers.Where(c => c.Kind == ContainerKind.Sidecar).Concat(appContainers);

    // Fields of the status writer's bookkeeping.
    internal bool StatusDirty { get; set; }
    internal bool StatusWriteInFlight { get; set; }
    internal Action? AfterStatusWritten { get; set; }

    // ---- arrival --------------------------------------------------------------------------------------------------

    /// <summary>The pod arrived on the node: it is Pending, its containers creating, until its sandbox is up.</summary>
    public void Admit()
    {
        StartTime = Services.Now;
        var waiting = initContainers.Count > 0 ? "PodInitializing" : "ContainerCreating";
        foreach (var c in appContainers) c.WaitFor(waiting);
        foreach (var c in initContainers) c.WaitFor("PodInitializing");
        var startDelay = new SimulationAnnotations(pod.Obj("metadata").Obj("annotations")).StartDelay;
        sandboxTimer = Kubelet.After(Services.Options.SandboxCreationTime + startDelay, SandboxReady);
        MarkChanged();
    }

    void SandboxReady()
    {
        if (stage != Stage.Creating) return;
        podIpSource = HostNetwork ? null : PodIpRange;
        PodIp = podIpSource is null ? Kubelet.Node.InternalIp : podIpSource.Allocate();
        if (PodIp is null)
        {
            RecordEvent(null, "Warning", "FailedCreatePodSandBox",
                $"Failed to create pod sandbox: failed to allocate an IP address from {Kubelet.Node.PodCidr}: range is full");
            sandboxTimer = Kubelet.After(TimeSpan.FromSeconds(10), SandboxReady);
            return;
        }
        stage = Stage.Initializing;
        StartNextInitContainer();
        MarkChanged();
    }

    void StartNextInitContainer()
    {
        if (stage != Stage.Initializing) return;
        if (nextInit >= initContainers.Count)
        {
            stage = Stage.Running;
            StartAppContainers(0);
            return;
        }
        // An init container is launched; the next one follows when it completes (or, for a sidecar, once it runs).
        initContainers[nextInit].Launch();
    }

    /// <summary>App containers start one after another, each once the previous one runs or failed to start, as SyncPod does.</summary>
    void StartAppContainers(int from)
    {
        if (stage != Stage.Running || from >= appContainers.Count) return;
        appContainers[from].Launch(() => StartAppContainers(from + 1));
    }

    // ---- container callbacks ------------------------------------------------------------------------------------

    public void OnContainerRunning(SimulatedContainer c) => OnContainerChanged(c);

    public void OnContainerChanged(SimulatedContainer c)
    {
        // A sidecar lets the next init container start once it has started (after its startup probe, if it has one).
        if (stage == Stage.Initializing && c.Kind == ContainerKind.Sidecar && c.Started && initContainers.IndexOf(c) == nextInit)
        {
            nextInit++;
            StartNextInitContainer();
        }
        MarkChanged();
    }

    public void OnContainerExited(SimulatedContainer c)
    {
        MarkChanged();
        if (stage is Stage.Terminating or Stage.Finished) return;
        if (c.Kind == ContainerKind.Init && initContainers.IndexOf(c) == nextInit && stage == Stage.Initializing)
        {
            if (c.Termination!.ExitCode == 0)
            {
                nextInit++;
                StartNextInitContainer();
            }
            else if (restartPolicy == "Never") Finish("Failed");
            else c.RestartAfterExit();
            return;
        }
        var restart = c.Kind == ContainerKind.Sidecar || restartPolicy == "Always" || (restartPolicy == "OnFailure" && c.Termination!.ExitCode != 0);
        if (restart)
        {
            c.RestartAfterExit();
            return;
        }
        // Containers that stay down: once no app container runs or will run again, the pod has finished.
        if (appContainers.All(a => a.IsTerminated)) Finish(appContainers.All(a => a.Succeeded) ? "Succeeded" : "Failed");
    }

    /// <summary>The pod reached a terminal phase on its own: sidecars are stopped and the sandbox (and its IP) released.</summary>
    void Finish(string phase)
    {
        terminalPhase = phase;
        stage = Stage.Finished;
        foreach (var c in LongRunning.Where(c => !c.IsTerminated))
            c.Stop($"Stopping container {c.Name}", TerminationGracePeriod(), MarkChanged);
        foreach (var c in initContainers.Where(c => !c.IsTerminated)) c.Abandon();
        ReleaseIp();
        MarkChanged();
    }

    // ---- changes from the API -------------------------------------------------------------------------------------

    /// <summary>The pod object changed: deletion, new container images (in-place update), readiness gate conditions.</summary>
    public void OnUpdated(JsonObject updated, StoredObject? previous)
    {
        pod = updated;
        var annotations = new SimulationAnnotations(updated.Obj("metadata").Obj("annotations"));
        foreach (var c in AllContainers) c.UpdateBehaviour(annotations.For(c.Name, c.Kind == ContainerKind.Init));

        if (updated.Obj("metadata")?["deletionTimestamp"] is not null)
        {
            BeginTermination();
            return;
        }
        if (stage == Stage.Finished) return;
        foreach (var c in LongRunning)
        {
            var spec = (c.Kind == ContainerKind.App ? Spec.Arr("containers") : Spec.Arr("initContainers"))
                .Objects().Select(x => x.Item).FirstOrDefault(x => x.StrOrEmpty("name") == c.Name);
            if (spec is null || spec.StrOrEmpty("image") == c.Image) continue;
            Replace(c, spec);
        }
        if (ReadinessGateConditionsChanged(updated, previous) || ApiReadinessDiffers(updated)) MarkChanged();
    }

    /// <summary>
    /// Whether the stored Ready condition disagrees with the pod's containers and gates, because someone else wrote it:
    /// the node lifecycle controller marks the pods of a node that missed heartbeats not ready, and once the node is back
    /// nothing in the kubelet's own view changes. The kubelet's status manager reconciles its cached status against the
    /// API's (needsReconcile); this is that check for the condition others overwrite. It applies even while a write of
    /// ours is pending or in flight: that write may have landed before the other party's, and marking the pod again only
    /// folds into the next write.
    /// </summary>
    bool ApiReadinessDiffers(JsonObject updated)
    {
        if (stage != Stage.Running || terminalPhase is not null) return false;
        var status = updated.Obj("status");
        var stored = PodConditions.Find(status, PodStatusDraft.Ready).StrOrEmpty("status");
        if (stored == "") return false; // not written by us yet
        return stored != (Draft().IsReady(status) ? "True" : "False");
    }

    /// <summary>
    /// A new image for a container: the kubelet sees the container's hash change, kills it and starts it again with the
    /// new image, in the same pod (same uid), counting a restart.
    /// </summary>
    void Replace(SimulatedContainer c, JsonObject spec)
    {
        var wasRunning = c.IsRunning;
        var wasWaiting = !c.IsRunning && !c.IsTerminated;
        c.UpdateSpec(spec);
        if (wasRunning)
            c.Stop($"Container {c.Name} definition changed, will be restarted", TerminationGracePeriod(), () =>
            {
                if (stage is Stage.Running or Stage.Initializing) c.Launch();
            });
        else if (wasWaiting && stage == Stage.Running) c.Launch();
        MarkChanged();
    }

    /// <summary>Whether another party changed a readiness gate's condition (the previous version is only read then).</summary>
    static bool ReadinessGateConditionsChanged(JsonObject pod, StoredObject? previous)
    {
        var gates = pod.Obj("spec").Arr("readinessGates").Objects().Select(g => g.Item.StrOrEmpty("conditionType")).ToList();
        if (gates.Count == 0) return false;
        if (previous is null) return true;
        var before = previous.ToJsonObject().Obj("status");
        return gates.Any(g => PodConditions.Find(pod.Obj("status"), g).StrOrEmpty("status") != PodConditions.Find(before, g).StrOrEmpty("status"));
    }

    // ---- termination ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Graceful deletion: every container is stopped (preStop, SIGTERM, SIGKILL at the end of the grace period); then the
    /// terminal status is written and the kubelet deletes the pod for good (grace period 0, uid precondition).
    /// </summary>
    void BeginTermination()
    {
        if (stage == Stage.Terminating) return;
        var alreadyFinished = stage == Stage.Finished;
        stage = Stage.Terminating;
        sandboxTimer?.Cancel();
        if (alreadyFinished || !AllContainers.Any(c => c.HasRun))
        {
            foreach (var c in AllContainers) c.Abandon();
            if (alreadyFinished) DeleteFromApi(); else FinishTermination();
            return;
        }
        var grace = TerminationGracePeriod();
        var running = AllContainers.Where(c => c.IsRunning).ToList();
        foreach (var c in AllContainers.Where(c => !c.IsRunning)) c.Abandon();
        var remaining = running.Count;
        if (remaining == 0)
        {
            FinishTermination();
            return;
        }
        foreach (var c in running)
            c.Stop($"Stopping container {c.Name}", grace, () =>
            {
                if (--remaining == 0) FinishTermination();
            });
        MarkChanged();
    }

    void FinishTermination()
    {
        var ran = appContainers.Any(c => c.HasRun);
        terminalPhase = appContainers.All(c => c.Succeeded) ? "Succeeded" : "Failed";
        ReleaseIp();
        if (!ran)
        {
            DeleteFromApi();
            return;
        }
        AfterStatusWritten = DeleteFromApi;
        MarkChanged();
    }

    void DeleteFromApi()
    {
        stage = Stage.Finished;
        var (ns, name, uid) = (Namespace, Name, Uid);
        Services.Loop.Start(() => Services.Storage.DeleteAsync(Pods, ns, name, new DeleteOptions(GracePeriodSeconds: 0, PreconditionUid: uid)));
    }

    /// <summary>The pod left the API (deleted for good, or force-deleted): stop everything, free the IP, keep no logs.</summary>
    public void OnRemovedFromApi()
    {
        stage = Stage.Finished;
        sandboxTimer?.Cancel();
        foreach (var c in AllContainers) c.Abandon();
        ReleaseIp();
        Services.Logs.Forget(Uid, AllContainers.Select(c => c.Name));
        if (RunsProcesses) RemoveFiles();
    }

    /// <summary>A process-backed pod's files (emptyDirs, generated volumes, root directories) go with the pod.</summary>
    void RemoveFiles()
    {
        var root = PodDirectories.For(Services.Processes.DataDirectory, Kubelet.Node.Name, Uid).PodRoot;
        try
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Services.Logger.LogWarning(e, "removing the files of pod {Pod} failed", Key);
        }
    }

    /// <summary>The deletion's grace period, else the pod's terminationGracePeriodSeconds (default 30 s).</summary>
    public TimeSpan TerminationGracePeriod()
    {
        var seconds = pod.Obj("metadata").Long("deletionGracePeriodSeconds") ?? Spec.Long("terminationGracePeriodSeconds") ?? 30;
        return TimeSpan.FromSeconds(Math.Max(0, seconds));
    }

    void ReleaseIp()
    {
        // Released once: the address may be handed to another pod right after.
        if (PodIp is not null) podIpSource?.Release(PodIp);
        podIpSource = null;
    }

    // ---- status -------------------------------------------------------------------------------------------------

    void MarkChanged() => Kubelet.StatusWriter.MarkDirty(this);

    /// <summary>The kubelet's part of the status as of now, for the status writer to merge into the stored pod.</summary>
    public PodStatusDraft Draft()
    {
        var phase = terminalPhase ?? Phase();
        var initIncomplete = initContainers.Where(c => c.Kind == ContainerKind.Init ? !c.Succeeded : !c.Started).Select(c => c.Name).ToList();
        var unready = LongRunning.Where(c => !c.Ready).Select(c => c.Name).ToList();
        return new PodStatusDraft(
            Uid: Uid,
            Phase: phase,
            HostIp: Kubelet.Node.InternalIp,
            PodIp: PodIp,
            StartTime: StartTime,
            InitContainerStatuses: initContainers.Count == 0 ? null : new JsonArray(initContainers.Select(c => (JsonNode)c.ToStatus()).ToArray()),
            ContainerStatuses: new JsonArray(appContainers.Select(c => (JsonNode)c.ToStatus()).ToArray()),
            SandboxReady: PodIp is not null && terminalPhase is null,
            IncompleteInitContainers: initIncomplete,
            UnreadyContainers: unready,
            ReadinessGates: Spec.Arr("readinessGates").Objects().Select(g => g.Item.StrOrEmpty("conditionType")).ToList(),
            At: Services.Now);
    }

    /// <summary>kubelet's getPhase.</summary>
    string Phase()
    {
        var initPending = initContainers.Any(c => c.Kind == ContainerKind.Init ? !c.Succeeded : !c.Started);
        if (initPending) return "Pending";
        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var c in appContainers)
        {
            if (c.IsRunning) running++;
            else if (c.IsTerminated)
            {
                stopped++;
                if (c.Succeeded) succeeded++;
            }
            else if (c.HasRun) stopped++; // waiting to restart after an exit
            else waiting++;
        }
        if (waiting > 0) return "Pending";
        if (running > 0) return "Running";
        if (stopped == 0) return "Pending";
        return restartPolicy switch
        {
            "Always" => "Running",
            "OnFailure" => stopped == succeeded ? "Succeeded" : "Running",
            _ => stopped == succeeded ? "Succeeded" : "Failed",
        };
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /// <summary>A kubelet event about this pod, or one of its containers when <paramref name="fieldPath"/> is given.</summary>
    public void RecordEvent(string? fieldPath, string type, string reason, string message) =>
        Services.Events.Record(EventReporter.Kubelet(Kubelet.Node.Name), EventRecorder.Reference(pod, fieldPath), type, reason, message);

    /// <summary>Writes a core file for a container killed by <paramref name="signal"/>; returns its path inside the container.</summary>
    public string? WriteCoreDump(SimulatedContainer c, int signal)
    {
        var command = c.Spec.Arr("command").Strings().Select(s => s.Value).FirstOrDefault();
        var executable = command is { Length: > 0 } ? (command.StartsWith('/') ? command : "/usr/bin/" + command)
            : "/usr/bin/" + ImageReference.Parse(c.Image).ShortName;
        var hostname = Spec.Str("hostname") is { Length: > 0 } h ? h : Name.Length > 63 ? Name[..63] : Name;
        var security = c.Spec.Obj("securityContext");
        var podSecurity = Spec.Obj("securityContext");
        var process = new CrashedProcess(executable, Pid: 1, GlobalPid: GlobalPid(c), hostname, Services.Now, signal,
            security.Long("runAsUser") ?? podSecurity.Long("runAsUser") ?? 0, security.Long("runAsGroup") ?? podSecurity.Long("runAsGroup") ?? 0);
        var pattern = new SimulationAnnotations(pod.Obj("metadata").Obj("annotations")).For(c.Name, c.Kind == ContainerKind.Init).CorePattern
                      ?? Services.Options.CorePattern;
        try
        {
            return Services.CoreDumps.Write(Kubelet.Node.Name, pod, c.Spec, process, pattern)?.ContainerPath;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Services.Logger.LogWarning(e, "writing the core dump of {Pod} container {Container} failed", Key, c.Name);
            return null;
        }
    }

    /// <summary>The process's pid as the node sees it: stable for a given container instance.</summary>
    static int GlobalPid(SimulatedContainer c) =>
        4000 + (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(c.ContainerId ?? c.Name))) % 60000);

    /// <summary>
    /// Restores a pod that was running before the server restarted, from its stored status: its IP, its running containers
    /// (same containerID, restartCount and start time) and completed init containers; whatever was not running starts again.
    /// </summary>
    public void Adopt()
    {
        var status = pod.Obj("status");
        StartTime = KubeTime.Parse(status.Str("startTime")) ?? Services.Now;
        PodIp = status.Str("podIP");
        podIpSource = HostNetwork ? null : PodIpRange;
        if (PodIp is not null && podIpSource is not null && !podIpSource.Reserve(PodIp)) PodIp = null;
        if (PodIp is null)
        {
            Admit();
            return;
        }
        var statuses = status.Arr("containerStatuses").Objects().Concat(status.Arr("initContainerStatuses").Objects())
            .Select(s => s.Item).GroupBy(s => s.StrOrEmpty("name")).ToDictionary(g => g.Key, g => g.First());
        foreach (var c in AllContainers)
            if (statuses.TryGetValue(c.Name, out var s)) c.Adopt(s);
        nextInit = initContainers.FindIndex(c => c.Kind == ContainerKind.Init ? !c.Succeeded : !c.IsRunning);
        if (nextInit >= 0)
        {
            stage = Stage.Initializing;
            StartNextInitContainer();
        }
        else
        {
            nextInit = initContainers.Count;
            stage = Stage.Running;
            foreach (var c in appContainers.Where(c => !c.IsRunning)) c.Launch();
        }
        MarkChanged();
    }
}
