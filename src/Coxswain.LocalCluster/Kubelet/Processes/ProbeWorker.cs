using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Controllers;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// The kubelet's probe worker for one probe of one process-backed container instance: runs the probe at
/// <c>start + initialDelaySeconds</c> and every <c>periodSeconds</c> after (each run off the simulation loop, its result
/// handled on it), and reports when the result flips: to success after <c>successThreshold</c> successes in a row, to
/// failure after <c>failureThreshold</c> failures in a row. Every failure is reported too (the Unhealthy event).
/// Loop-thread only, apart from the probe I/O.
/// </summary>
public sealed class ProbeWorker
{
    readonly SimulatedKubelet kubelet;
    readonly Prober prober;
    readonly ProbeSpec probe;
    readonly string podIp;
    readonly JsonObject container;
    readonly ContainerExec exec;
    readonly Action<bool> onResultChanged;
    readonly Action<ProbeResult> onFailure;
    readonly CancellationTokenSource stopped = new();
    ScheduledTimer? timer;
    bool? result;
    int successes, failures;

    /// <param name="initialResult">Readiness starts as failure, liveness as success, startup as unknown.</param>
    public ProbeWorker(SimulatedKubelet kubelet, Prober prober, ProbeSpec probe, string podIp, JsonObject container, ContainerExec exec,
        bool? initialResult, Action<bool> onResultChanged, Action<ProbeResult> onFailure)
    {
        this.kubelet = kubelet;
        this.prober = prober;
        this.probe = probe;
        this.podIp = podIp;
        this.container = container;
        this.exec = exec;
        this.onResultChanged = onResultChanged;
        this.onFailure = onFailure;
        result = initialResult;
    }

    public ProbeSpec Probe => probe;

    public void Start(DateTimeOffset containerStartedAt, DateTimeOffset notBefore) =>
        timer = kubelet.At(probe.FirstRunAtOrAfter(containerStartedAt, notBefore), Run);

    public void Stop()
    {
        timer?.Cancel();
        stopped.Cancel();
    }

    void Run()
    {
        if (stopped.IsCancellationRequested) return;
        var ranAt = kubelet.Services.Now;
        kubelet.Services.Loop.Start(() => prober.RunAsync(probe, podIp, container, exec, stopped.Token), outcome =>
        {
            if (stopped.IsCancellationRequested) return;
            Handle(outcome);
            if (!stopped.IsCancellationRequested) timer = kubelet.At(ranAt + probe.Period, Run);
        }, _ =>
        {
            if (!stopped.IsCancellationRequested) timer = kubelet.At(ranAt + probe.Period, Run);
        });
    }

    void Handle(ProbeResult outcome)
    {
        if (outcome.Success)
        {
            failures = 0;
            if (++successes >= probe.SuccessThreshold && result != true) Change(true);
            return;
        }
        successes = 0;
        failures++;
        onFailure(outcome);
        if (failures >= probe.FailureThreshold && result != false) Change(false);
    }

    void Change(bool now)
    {
        result = now;
        onResultChanged(now);
    }
}
