using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.Pub;
using Coxswain.Runtime.Workloads;
using Coxswain.Workloads.InPlaceUpdate;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>When OpenKruise counts a CloneSet pod ready and available.</summary>
public static class CloneSetPodStates
{
    /// <summary>
    /// IsPodUpdateReady: running, Ready for <paramref name="minReadySeconds"/>, and not in an in-place update
    /// (InPlaceUpdateReady not False).
    /// </summary>
    public static bool IsUpdateReady(V1Pod pod, int minReadySeconds, DateTimeOffset now) =>
        pod.Status?.Phase == "Running"
        && PodStates.IsPodAvailable(pod, minReadySeconds, now)
        && InPlaceUpdateReadiness.IsReady(pod);

    /// <summary>
    /// IsPodAvailable: update-ready, in lifecycle state Normal (or none), and without an
    /// <c>unavailable-pod.kruise.io/</c> label.
    /// </summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var state = CloneSetPods.LifecycleState(pod);
        if (state is not (null or "" or LifecycleStates.Normal)) return false;
        if (pod.Metadata.Labels?.Keys.Any(k => k.StartsWith(KruiseLabels.UnavailablePodPrefix, StringComparison.Ordinal)) == true) return false;
        return IsUpdateReady(pod, minReadySeconds, now);
    }

    /// <summary>isPodReady: available with no minReadySeconds.</summary>
    public static bool IsReady(V1Pod pod, DateTimeOffset now) => IsAvailable(pod, 0, now);
}
