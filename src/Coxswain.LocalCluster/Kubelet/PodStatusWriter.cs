using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// The kubelet's status manager for every simulated pod: a pod marked changed is written once at the end of the loop
/// turn, whatever number of changes the turn made; at most one write per pod is in flight, and changes made meanwhile
/// are folded into the next one. Writes of different pods go out together, so the store commits them in one batch.
/// Loop-thread only.
/// </summary>
public sealed class PodStatusWriter(KubeletServices services)
{
    readonly HashSet<SimulatedPod> pending = new();
    bool flushRequested;

    public void MarkDirty(SimulatedPod pod)
    {
        pod.StatusDirty = true;
        pending.Add(pod);
        if (flushRequested) return;
        flushRequested = true;
        services.Loop.AtEndOfTurn(Flush);
    }

    void Flush()
    {
        flushRequested = false;
        foreach (var pod in pending)
            if (!pod.StatusWriteInFlight && !pod.Kubelet.IsStopped && pod.StatusDirty) Write(pod);
        // Pods left dirty are written later: those with a write in flight when it completes, those of a stopped kubelet
        // when it starts again (Resume).
        pending.Clear();
    }

    void Write(SimulatedPod pod)
    {
        pod.StatusDirty = false;
        pod.StatusWriteInFlight = true;
        var draft = pod.Draft();
        services.Loop.Start(
            () => services.Storage.GuaranteedUpdateAsync(BuiltInResources.Pods, pod.Namespace, pod.Name, null,
                new WriteOptions(FieldManager: "kubelet"), draft.ApplyTo, subresource: "status"),
            onSuccess: _ => Written(pod),
            onFailure: error =>
            {
                pod.StatusWriteInFlight = false;
                if (error is StatusError { Code: 404 }) return; // the pod is gone
                if (!ControllerLoop.IsExpected(error)) services.Logger.LogWarning(error, "status update of pod {Pod} failed", pod.Key);
                MarkDirty(pod);
            });
    }

    void Written(SimulatedPod pod)
    {
        pod.StatusWriteInFlight = false;
        if (pod.StatusDirty)
        {
            MarkDirty(pod);
            return;
        }
        var after = pod.AfterStatusWritten;
        pod.AfterStatusWritten = null;
        after?.Invoke();
    }

    /// <summary>A kubelet came back: whatever it could not write while stopped goes out now.</summary>
    public void Resume(IEnumerable<SimulatedPod> pods)
    {
        foreach (var pod in pods) MarkDirty(pod);
    }
}
