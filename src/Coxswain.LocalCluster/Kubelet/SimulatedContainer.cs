using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Kubelet.Processes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// One container of a simulated pod, through every instance it goes through: image pull (with the node's image cache and
/// pull back-off), create and start, its probes on their real timings, the crash, liveness kill or graceful stop that ends
/// an instance, and the waiting states in between. It tells its pod when an instance is running or has exited; the pod
/// decides what happens next (restart, back-off, next init container). A container of Coxswain's own image is
/// process-backed: each instance is a real child process (<see cref="ProcessInstance"/>) whose exit ends the instance and
/// whose probes are real; the simulation annotations do not apply to it. Loop-thread only.
/// </summary>
public sealed class SimulatedContainer
{
    enum RunState { Waiting, Running, Terminated }

    const string SimulatorPrefix = "coxswain-sim: ";

    readonly SimulatedPod pod;
    readonly List<ScheduledTimer> timers = new();
    readonly Dictionary<string, RestartBackOff> crashBackOffByImage = new(StringComparer.Ordinal);
    readonly RestartBackOff pullBackOff;
    readonly ContainerLogs logs;
    ContainerBehaviour behaviour;
    ProbeSpec? readinessProbe, livenessProbe, startupProbe;
    RunState state = RunState.Waiting;
    string waitingReason;
    string? waitingMessage;
    DateTimeOffset startedAt;
    ContainerTermination? termination;     // how the current (or most recent) instance ended
    ContainerTermination? lastTermination; // the instance before, once a newer one was created
    ContainerLog? instanceLog, previousInstanceLog;
    ImageReference? runningImage;
    int pullAttempts;
    bool created;
    Action? settled;
    ProcessInstance? process;       // the running instance's process, for a process-backed container
    Action? onProcessStopped;       // what a graceful stop of the process continues with once it has exited

    public SimulatedContainer(SimulatedPod pod, JsonObject spec, ContainerKind kind, ContainerBehaviour behaviour)
    {
        this.pod = pod;
        Kind = kind;
        Name = spec.StrOrEmpty("name");
        this.behaviour = behaviour;
        pullBackOff = new RestartBackOff(Options.ImagePullInitialBackOff, Options.ImagePullMaxBackOff);
        logs = pod.Services.Logs.For(pod.Uid, Name);
        waitingReason = "ContainerCreating";
        UpdateSpec(spec);
    }

    public string Name { get; }
    public ContainerKind Kind { get; }
    public JsonObject Spec { get; private set; } = new();
    public string Image => Spec.StrOrEmpty("image");
    public int RestartCount { get; private set; }
    /// <summary>The current (or most recent) instance's id; null before the first instance is created.</summary>
    public string? ContainerId { get; private set; }
    public bool Ready { get; private set; }
    public bool Started { get; private set; }
    public bool IsRunning => state == RunState.Running;
    public bool IsTerminated => state == RunState.Terminated;
    /// <summary>Terminated with exit code 0 and not about to run again.</summary>
    public bool Succeeded => state == RunState.Terminated && termination?.ExitCode == 0;
    /// <summary>Whether any instance has ever run (it counts as "stopped", not "waiting", for the pod phase).</summary>
    public bool HasRun => termination is not null || lastTermination is not null || state == RunState.Running;
    public ContainerTermination? Termination => termination;
    public string FieldPath => Kind == ContainerKind.App ? $"spec.containers{{{Name}}}" : $"spec.initContainers{{{Name}}}";

    /// <summary>Whether this container runs as a real process (Coxswain's own image).</summary>
    public bool IsProcessBacked => Services.Processes.IsProcessImage(Image);

    KubeletServices Services => pod.Services;
    Nodes.NodeSimulationOptions Options => pod.Services.Options;

    /// <summary>Takes a new spec (an image change); the caller restarts the container when needed.</summary>
    public void UpdateSpec(JsonObject spec)
    {
        Spec = (JsonObject)spec.DeepClone();
        readinessProbe = ProbeSpec.Parse(spec.Obj("readinessProbe"), "Readiness");
        livenessProbe = ProbeSpec.Parse(spec.Obj("livenessProbe"), "Liveness");
        startupProbe = ProbeSpec.Parse(spec.Obj("startupProbe"), "Startup");
    }

    public void UpdateBehaviour(ContainerBehaviour newBehaviour) => behaviour = newBehaviour;

    /// <summary>Before the pod's sandbox exists, app containers of a pod with init containers wait in PodInitializing.</summary>
    public void WaitFor(string reason)
    {
        if (state != RunState.Waiting || termination is not null) return;
        waitingReason = reason;
        waitingMessage = null;
        Publish();
    }

    // ---- starting an instance -------------------------------------------------------------------------------------

    /// <summary>
    /// Pulls the image as the pull policy says, then creates and starts a new instance. <paramref name="onSettled"/> runs
    /// once the container is running or has failed to start, which is when the kubelet moves on to the next container.
    /// </summary>
    public void Launch(Action? onSettled = null)
    {
        // A running container is not started twice (a restart after exit and a relaunch after a spec change may meet).
        if (state == RunState.Running) return;
        CancelTimers();
        // A relaunch (new image while still pulling) keeps the pending hand-over to the next container.
        settled = onSettled ?? settled;
        var image = ImageReference.Parse(Image);
        if (IsProcessBacked)
        {
            // Coxswain's image is the program this machine already runs: never pulled.
            pod.Kubelet.Images.Add(image);
            Event("Normal", "Pulled", $"Container image \"{Image}\" already present on machine");
            CreateAndStart(image);
            return;
        }
        var policy = Spec.Str("imagePullPolicy") ?? "IfNotPresent";
        var cached = pod.Kubelet.Images.Contains(image);
        if (policy == "Never" && !cached)
        {
            SetWaiting("ErrImageNeverPull", $"Container image \"{Image}\" is not present with pull policy of Never");
            Event("Warning", "ErrImageNeverPull", $"Container image \"{Image}\" is not present with pull policy of Never");
            Event("Warning", "Failed", "Error: ErrImageNeverPull");
            Settle();
            return;
        }
        if (policy != "Always" && cached)
        {
            Event("Normal", "Pulled", $"Container image \"{Image}\" already present on machine");
            CreateAndStart(image);
            return;
        }
        Event("Normal", "Pulling", $"Pulling image \"{Image}\"");
        pullAttempts++;
        var pullTime = cached ? Options.CachedImagePullTime : Options.ImagePullTime;
        Schedule(pullTime, () =>
        {
            if (pullAttempts <= behaviour.ImagePullFailures) PullFailed(image);
            else Pulled(image, pullTime);
        });
    }

    void Pulled(ImageReference image, TimeSpan pullTime)
    {
        pod.Kubelet.Images.Add(image);
        // kubelet reports the pull time to the millisecond.
        var took = GoDuration.Format(TimeSpan.FromMilliseconds(Math.Floor(pullTime.TotalMilliseconds)));
        Event("Normal", "Pulled", $"Successfully pulled image \"{Image}\" in {took} ({took} including waiting). Image size: {image.SimulatedSizeBytes} bytes.");
        CreateAndStart(image);
    }

    void PullFailed(ImageReference image)
    {
        var error = $"rpc error: code = NotFound desc = failed to pull and unpack image \"{image.Normalized}\": failed to resolve reference " +
                    $"\"{image.Normalized}\": {image.Normalized}: not found";
        Event("Warning", "Failed", $"Failed to pull image \"{Image}\": {error}");
        Event("Warning", "Failed", "Error: ErrImagePull");
        SetWaiting("ErrImagePull", error);
        pullBackOff.Next(Services.Now);
        var backOff = pullBackOff.Current;
        // The next pod sync finds the image in back-off and says so, until the back-off lets the pull be retried.
        Schedule(backOff < TimeSpan.FromSeconds(2) ? backOff / 2 : TimeSpan.FromSeconds(1), () =>
        {
            SetWaiting("ImagePullBackOff", $"Back-off pulling image \"{Image}\": ErrImagePull: {error}");
            Event("Normal", "BackOff", $"Back-off pulling image \"{Image}\"");
            Event("Warning", "Failed", "Error: ImagePullBackOff");
        });
        Schedule(backOff, () => Launch());
        Settle();
    }

    void CreateAndStart(ImageReference image)
    {
        var log = new ContainerLog();
        ProcessInstance? started = null;
        string? startError = null;
        if (IsProcessBacked)
        {
            try
            {
                started = ProcessInstance.Start(pod.Kubelet, pod.Object, Spec, pod.PodIp ?? "", log, OnProcessExited);
            }
            catch (VolumeSetupException e)
            {
                WaitForConfig("ContainerCreating", null, e.Message, "FailedMount");
                return;
            }
            catch (ContainerConfigException e)
            {
                WaitForConfig("CreateContainerConfigError", e.Message, "Error: " + e.Message, "Failed");
                return;
            }
            catch (ContainerStartException e)
            {
                startError = e.Message;
            }
        }
        var now = Services.Now;
        if (created)
        {
            RestartCount++;
            lastTermination = termination ?? lastTermination;
            previousInstanceLog = instanceLog;
        }
        termination = null;
        created = true;
        runningImage = image;
        ContainerId = NewContainerId();
        state = RunState.Running;
        startedAt = now;
        Ready = false;
        Started = startupProbe is null;
        instanceLog = log;
        Event("Normal", "Created", $"Created container: {Name}");
        if (startError is not null)
        {
            FailedToStart(startError);
            return;
        }
        Event("Normal", "Started", $"Started container {Name}");
        process = started;
        if (process is null) instanceLog.Append(now, $"{SimulatorPrefix}container {Name} started (image {image.Normalized}, node {pod.Kubelet.Node.Name})");
        Publish();
        PlanInstance();
        pod.OnContainerRunning(this);
        Settle();
    }

    /// <summary>containerd://{64 hex}: stable for a given pod, container and restart.</summary>
    string NewContainerId() =>
        "containerd://" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{pod.Uid}/{Name}/{RestartCount}/{Image}")));

    /// <summary>
    /// The container's configuration or volumes cannot be generated yet: it waits (no instance is created) and the kubelet
    /// tries again on a later sync, as it does until the Secret or ConfigMap appears.
    /// </summary>
    void WaitForConfig(string reason, string? message, string eventMessage, string eventReason)
    {
        if (eventReason == "FailedMount") pod.RecordEvent(null, "Warning", eventReason, eventMessage);
        else Event("Warning", eventReason, eventMessage);
        SetWaiting(reason, message);
        Schedule(Options.CrashLoopInitialBackOff, () => Launch());
        Settle();
    }

    /// <summary>The runtime created the instance but could not start its process: it ends at once, with the reason logged.</summary>
    void FailedToStart(string message)
    {
        var now = Services.Now;
        Event("Warning", "Failed", "Error: " + message);
        termination = new ContainerTermination(128, ContainerTermination.StartError, now, now, ContainerId!, message);
        state = RunState.Terminated;
        Ready = false;
        Started = false;
        instanceLog?.Append(now, $"coxswain: container {Name} failed to start: {message}");
        instanceLog?.Complete();
        Publish();
        pod.OnContainerExited(this);
        Settle();
    }

    // ---- the life of a running instance -------------------------------------------------------------------------

    /// <summary>Plans what happens to the new instance: startup, readiness, a liveness failure, a crash, an init container's exit.</summary>
    void PlanInstance()
    {
        if (process is not null)
        {
            PlanProcessProbes();
            return;
        }
        var start = startedAt;
        if (startupProbe is { } startup)
            ScheduleAt(startup.FirstRunAtOrAfter(start, start), () =>
            {
                Started = true;
                PlanProbes(Services.Now);
                pod.OnContainerChanged(this);
            });
        else PlanProbes(start);

        if (Kind == ContainerKind.Init)
        {
            var exitAt = behaviour.CrashAfter ?? Options.InitContainerRunTime;
            ScheduleAt(start + exitAt, behaviour.CrashAfter is null ? () => Exit(0, null, "completed its work") : Crash);
        }
        else if (behaviour.CrashAfter is { } crashAfter)
        {
            ScheduleAt(start + crashAfter, Crash);
        }
    }

    /// <summary>A process-backed instance is probed for real: startup first, then readiness and liveness.</summary>
    void PlanProcessProbes()
    {
        var instance = process!;
        if (startupProbe is { } startup)
            instance.StartProbe(startup, startedAt, null, succeeded =>
            {
                if (!succeeded)
                {
                    KillForProbe(startup);
                    return;
                }
                Started = true;
                StartProcessProbes(instance);
                pod.OnContainerChanged(this);
            }, output => Unhealthy(startup, output));
        else StartProcessProbes(instance);
    }

    void StartProcessProbes(ProcessInstance instance)
    {
        if (Kind == ContainerKind.Init) return; // init containers are not probed
        if (readinessProbe is { } readiness)
            instance.StartProbe(readiness, startedAt, false, ready =>
            {
                if (state != RunState.Running || Ready == ready) return;
                Ready = ready;
                pod.OnContainerChanged(this);
            }, output => Unhealthy(readiness, output));
        else BecomeReady();
        if (livenessProbe is { } liveness)
            instance.StartProbe(liveness, startedAt, true, alive =>
            {
                if (!alive) KillForProbe(liveness);
            }, output => Unhealthy(liveness, output));
    }

    void Unhealthy(ProbeSpec probe, ProbeResult result) => Event("Warning", "Unhealthy", result.UnhealthyMessage(probe.Type));

    /// <summary>A failed liveness or startup probe: the kubelet kills the container (with the grace period) to restart it.</summary>
    void KillForProbe(ProbeSpec probe)
    {
        if (process is not { } instance || state != RunState.Running) return;
        Event("Normal", "Killing", $"Container {Name} failed {probe.Type.ToLowerInvariant()} probe, will be restarted");
        Ready = false;
        pod.OnContainerChanged(this);
        var grace = probe.Handler.Long("terminationGracePeriodSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : pod.TerminationGracePeriod();
        instance.Terminate(grace);
    }

    /// <summary>The process of an instance exited: the instance ends with its exit code (128 + N for signal N).</summary>
    void OnProcessExited(ProcessInstance instance, int exitCode)
    {
        instance.Exited();
        if (!ReferenceEquals(instance, process)) return;
        process = null;
        Exit(exitCode, null, null);
        var then = onProcessStopped;
        onProcessStopped = null;
        then?.Invoke();
    }

    /// <summary>Readiness (and liveness) probing starts once the container has started.</summary>
    void PlanProbes(DateTimeOffset startedUp)
    {
        if (Kind == ContainerKind.Init) return; // init containers are not probed
        var readyAfter = startedAt + behaviour.ReadinessDelay;
        if (readinessProbe is { } readiness) ProbeReadiness(readiness, readiness.FirstRunAtOrAfter(startedAt, startedUp), readyAfter, 0);
        else if (readyAfter <= startedUp) BecomeReady();
        else ScheduleAt(readyAfter, BecomeReady);

        if (livenessProbe is { } liveness && behaviour.LivenessFailureAfter is { } failAfter)
        {
            var failingFrom = startedAt + failAfter;
            ProbeLiveness(liveness, liveness.FirstRunAtOrAfter(startedAt, failingFrom > startedUp ? failingFrom : startedUp), 0);
        }
    }

    /// <summary>One readiness probe run: it fails until the readiness delay has passed, then needs successThreshold successes.</summary>
    void ProbeReadiness(ProbeSpec probe, DateTimeOffset at, DateTimeOffset readyAfter, int successes)
    {
        ScheduleAt(at, () =>
        {
            if (at < readyAfter)
            {
                Event("Warning", "Unhealthy", probe.FailureEventMessage(pod.PodIp));
                ProbeReadiness(probe, at + probe.Period, readyAfter, 0);
            }
            else if (successes + 1 >= probe.SuccessThreshold) BecomeReady();
            else ProbeReadiness(probe, at + probe.Period, readyAfter, successes + 1);
        });
    }

    /// <summary>Liveness probes failing in a row: after failureThreshold failures the kubelet kills the container.</summary>
    void ProbeLiveness(ProbeSpec probe, DateTimeOffset at, int failures)
    {
        ScheduleAt(at, () =>
        {
            Event("Warning", "Unhealthy", probe.FailureEventMessage(pod.PodIp));
            if (failures + 1 < probe.FailureThreshold)
            {
                ProbeLiveness(probe, at + probe.Period, failures + 1);
                return;
            }
            Event("Normal", "Killing", $"Container {Name} failed liveness probe, will be restarted");
            Ready = false;
            pod.OnContainerChanged(this);
            // A process that stopped answering its probe is taken to ignore SIGTERM too: it ends killed.
            Schedule(Options.ContainerStopTime, () => Exit(Signals.ExitCodeFor(Signals.Kill), null, "killed after failing its liveness probe"));
        });
    }

    void BecomeReady()
    {
        if (state != RunState.Running || Ready) return;
        Ready = true;
        if (process is null && (readinessProbe is not null || behaviour.ReadinessDelay > TimeSpan.Zero))
            instanceLog?.Append(Services.Now, $"{SimulatorPrefix}ready");
        pod.OnContainerChanged(this);
    }

    /// <summary>The simulated process dies the way its annotations say: an exit code, or a signal (with a core dump if it makes one).</summary>
    void Crash()
    {
        if (behaviour.CrashSignal is { } signal)
        {
            var line = $"received {Signals.NameOf(signal)}";
            if (Signals.DumpsCore(signal) && pod.WriteCoreDump(this, signal) is { } corePath) line += $", core dumped to {corePath}";
            Exit(Signals.ExitCodeFor(signal), null, line);
        }
        else
        {
            Exit(behaviour.CrashExitCode, null, $"exiting with code {behaviour.CrashExitCode}");
        }
    }

    /// <summary>Ends the current instance.</summary>
    void Exit(int exitCode, string? reason, string? logLine)
    {
        if (state != RunState.Running) return;
        CancelTimers();
        var now = Services.Now;
        termination = new ContainerTermination(exitCode, reason ?? ContainerTermination.ReasonFor(exitCode), startedAt, now, ContainerId!);
        state = RunState.Terminated;
        Ready = false;
        Started = false;
        if (logLine is not null) instanceLog?.Append(now, SimulatorPrefix + logLine);
        instanceLog?.Complete();
        Publish();
        pod.OnContainerExited(this);
    }

    // ---- what the kubelet does to it ------------------------------------------------------------------------------

    /// <summary>Graceful stop (pod deletion, spec change): the preStop hook, SIGTERM, and SIGKILL if the grace period runs out.</summary>
    public void Stop(string killingMessage, TimeSpan gracePeriod, Action onStopped)
    {
        if (state != RunState.Running)
        {
            CancelTimers();
            if (state == RunState.Waiting) settled = null;
            onStopped();
            return;
        }
        CancelTimers();
        Event("Normal", "Killing", killingMessage);
        var preStop = PreStopDuration();
        if (process is { } instance)
        {
            // The preStop sleep runs first, inside the grace period; then SIGTERM, and SIGKILL when the period is over.
            onProcessStopped = onStopped;
            Schedule(preStop < gracePeriod ? preStop : gracePeriod, () => instance.Terminate(gracePeriod - preStop));
            return;
        }
        var needed = preStop + Options.ContainerStopTime;
        var killed = needed > gracePeriod;
        Schedule(killed ? gracePeriod : needed, () =>
        {
            if (killed) Exit(Signals.ExitCodeFor(Signals.Kill), null, "killed: the grace period ran out");
            else Exit(0, null, "received SIGTERM, exiting with code 0");
            onStopped();
        });
    }

    /// <summary>A preStop sleep takes its seconds; exec and httpGet hooks are taken to return at once.</summary>
    TimeSpan PreStopDuration() =>
        TimeSpan.FromSeconds(Spec.Obj("lifecycle").Obj("preStop").Obj("sleep").Long("seconds") ?? 0);

    /// <summary>Restart after an exit: at once the first time, then after a doubling back-off (CrashLoopBackOff).</summary>
    public void RestartAfterExit()
    {
        if (termination is null) return;
        var now = Services.Now;
        var backOff = CrashBackOff();
        if (!backOff.InBackOffSince(termination.FinishedAt, now))
        {
            backOff.Next(now);
            Launch();
            return;
        }
        var remaining = termination.FinishedAt + backOff.Current - now;
        var podRef = $"{pod.Name}_{pod.Namespace}({pod.Uid})";
        SetWaiting("CrashLoopBackOff", $"back-off {GoDuration.Format(backOff.Current)} restarting failed container={Name} pod={podRef}");
        Event("Warning", "BackOff", $"Back-off restarting failed container {Name} in pod {podRef}");
        Schedule(remaining, () =>
        {
            backOff.Next(Services.Now);
            Launch();
        });
    }

    /// <summary>The back-off is kept per image, as kubelet keys it by the container's hash: a new image starts afresh.</summary>
    RestartBackOff CrashBackOff()
    {
        if (!crashBackOffByImage.TryGetValue(Image, out var backOff))
            crashBackOffByImage[Image] = backOff = new RestartBackOff(Options.CrashLoopInitialBackOff, Options.CrashLoopMaxBackOff);
        return backOff;
    }

    /// <summary>Stops everything planned (pod gone from the node).</summary>
    public void Abandon()
    {
        CancelTimers();
        settled = null;
        onProcessStopped = null;
        process?.Kill();
        process = null;
        instanceLog?.Complete();
    }

    // ---- status -------------------------------------------------------------------------------------------------

    /// <summary>This container's entry in <c>containerStatuses</c>/<c>initContainerStatuses</c>.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject { ["name"] = Name, ["state"] = StateJson() };
        var last = state == RunState.Waiting && termination is not null ? termination : lastTermination;
        status["lastState"] = last is null ? new JsonObject() : new JsonObject { ["terminated"] = last.ToJson() };
        status["ready"] = Ready;
        status["restartCount"] = RestartCount;
        status["image"] = runningImage?.Normalized ?? Image;
        status["imageID"] = runningImage?.ImageId ?? "";
        if (ContainerId is not null) status["containerID"] = ContainerId;
        status["started"] = Started;
        if (created && Spec.Arr("volumeMounts") is { Count: > 0 } mounts)
            status["volumeMounts"] = new JsonArray(mounts.Objects().Select(m => (JsonNode)MountStatus(m.Item)).ToArray());
        return status;
    }

    JsonObject StateJson() => state switch
    {
        RunState.Running => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = KubeTime.Format(startedAt) } },
        RunState.Terminated => new JsonObject { ["terminated"] = termination!.ToJson() },
        _ => new JsonObject { ["waiting"] = WaitingJson() },
    };

    JsonObject WaitingJson()
    {
        var waiting = new JsonObject { ["reason"] = waitingReason };
        if (waitingMessage is not null) waiting["message"] = waitingMessage;
        return waiting;
    }

    static JsonObject MountStatus(JsonObject mount)
    {
        var status = new JsonObject { ["name"] = mount.StrOrEmpty("name"), ["mountPath"] = mount.StrOrEmpty("mountPath") };
        if (mount.Bool("readOnly") == true) status["readOnly"] = true;
        status["recursiveReadOnly"] = "Disabled";
        return status;
    }

    /// <summary>The waiting reason (or null) for log requests, mirrored from the status.</summary>
    void Publish()
    {
        switch (state)
        {
            case RunState.Waiting:
                logs.Publish(null, termination is not null ? instanceLog : lastTermination is not null ? previousInstanceLog : null, waitingReason);
                break;
            default:
                logs.Publish(instanceLog, lastTermination is not null ? previousInstanceLog : null, null);
                break;
        }
    }

    void SetWaiting(string reason, string? message)
    {
        state = RunState.Waiting;
        waitingReason = reason;
        waitingMessage = message;
        Ready = false;
        Started = false;
        Publish();
        pod.OnContainerChanged(this);
    }

    void Settle()
    {
        var action = settled;
        settled = null;
        action?.Invoke();
    }

    void Event(string type, string reason, string message) => pod.RecordEvent(FieldPath, type, reason, message);

    void Schedule(TimeSpan delay, Action action) => ScheduleAt(Services.Now + delay, action);

    void ScheduleAt(DateTimeOffset at, Action action)
    {
        timers.RemoveAll(t => t.HasFired || t.IsCancelled);
        timers.Add(pod.Kubelet.At(at, action));
    }

    void CancelTimers()
    {
        foreach (var timer in timers) timer.Cancel();
        timers.Clear();
    }

    /// <summary>
    /// Restores this container from a status written before the server restarted: a running instance keeps running (same
    /// containerID, restart count and start time), a terminated one stays terminated; anything else starts afresh later.
    /// </summary>
    public void Adopt(JsonObject status)
    {
        RestartCount = (int)(status.Long("restartCount") ?? 0);
        ContainerId = status.Str("containerID");
        created = ContainerId is not null;
        if (status.Obj("lastState").Obj("terminated") is { } last) lastTermination = TerminationFrom(last);
        var current = status.Obj("state");
        if (ContainerId is null) return;
        runningImage = ImageReference.Parse(Image);
        pod.Kubelet.Images.Add(runningImage);
        instanceLog = new ContainerLog();
        if (IsProcessBacked && current.Obj("running").Str("startedAt") is { } processStarted)
        {
            // Its process did not outlive the cluster that ran it: the instance is lost, as after a node reboot, and a new
            // one starts (with a restart counted).
            var lostAt = KubeTime.Parse(processStarted) ?? Services.Now;
            lastTermination = new ContainerTermination(255, ContainerTermination.Unknown, lostAt, Services.Now, ContainerId);
            termination = lastTermination;
            instanceLog.Complete();
            Publish();
            return;
        }
        if (current.Obj("running").Str("startedAt") is { } started && KubeTime.Parse(started) is { } at)
        {
            state = RunState.Running;
            startedAt = at;
            Started = startupProbe is null || status.Bool("started") == true;
            instanceLog.Append(Services.Now, $"{SimulatorPrefix}container {Name} adopted after a restart of the node simulation");
            Publish();
            PlanInstance();
        }
        else if (current.Obj("terminated") is { } terminated)
        {
            state = RunState.Terminated;
            termination = TerminationFrom(terminated);
            instanceLog.Complete();
            Publish();
        }
    }

    ContainerTermination TerminationFrom(JsonObject terminated) => new(
        (int)(terminated.Long("exitCode") ?? 0), terminated.StrOrEmpty("reason"),
        KubeTime.Parse(terminated.Str("startedAt")) ?? Services.Now, KubeTime.Parse(terminated.Str("finishedAt")) ?? Services.Now,
        terminated.Str("containerID") ?? ContainerId ?? "");
}
