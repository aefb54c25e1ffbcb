using Coxswain.Apis.Apps.Pub;
using k8s.Models;

namespace Coxswain.Workloads;

/// <summary>
/// OpenKruise's lifecycle hook checks, shared by every workload with <c>spec.lifecycle</c>: a hook holds a pod while the
/// pod carries one of its labels or finalizers, and releases it once another controller removed them all.
/// </summary>
public static class LifecycleHooks
{
    /// <summary>IsPodHooked: the pod carries at least one of the hook's labels (with its value) or finalizers.</summary>
    public static bool IsHooked(LifecycleHook? hook, V1Pod pod)
    {
        if (hook is null) return false;
        var labels = pod.Metadata.Labels;
        if (hook.LabelsHandler?.Any(h => labels is not null && labels.TryGetValue(h.Key, out var v) && v == h.Value) == true) return true;
        return hook.FinalizersHandler?.Any(f => pod.Metadata.Finalizers?.Contains(f) == true) == true;
    }

    /// <summary>IsPodAllHooked: the pod carries every label and finalizer of the hook (vacuously true for an empty hook).</summary>
    public static bool IsAllHooked(LifecycleHook? hook, V1Pod pod)
    {
        if (hook is null) return false;
        var labels = pod.Metadata.Labels;
        return (hook.LabelsHandler ?? new Dictionary<string, string>()).All(h => labels is not null && labels.TryGetValue(h.Key, out var v) && v == h.Value)
            && (hook.FinalizersHandler ?? []).All(f => pod.Metadata.Finalizers?.Contains(f) == true);
    }
}
