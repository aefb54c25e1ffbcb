using System.Text.Json.Serialization;

namespace Coxswain.Apis.Apps.Pub;

/// <summary>
/// apps.kruise.io/pub Lifecycle: hooks that hold a pod in a lifecycle state until other controllers remove the
/// labels or finalizers the hook names. Shared by CloneSet, Advanced StatefulSet and Advanced DaemonSet.
/// </summary>
public sealed class Lifecycle
{
    /// <summary>Hook before a pod is deleted.</summary>
    [JsonPropertyName("preDelete")] public LifecycleHook? PreDelete { get; set; }

    /// <summary>Hook before a pod is updated in place and after it has been updated.</summary>
    [JsonPropertyName("inPlaceUpdate")] public LifecycleHook? InPlaceUpdate { get; set; }

    /// <summary>Hook after a pod is created and before it is marked Normal.</summary>
    [JsonPropertyName("preNormal")] public LifecycleHook? PreNormal { get; set; }
}

/// <summary>The labels and finalizers whose presence on a pod means the hook is still holding it.</summary>
public sealed class LifecycleHook
{
    [JsonPropertyName("labelsHandler")] public IDictionary<string, string>? LabelsHandler { get; set; }

    [JsonPropertyName("finalizersHandler")] public IList<string>? FinalizersHandler { get; set; }

    /// <summary>Set the pod's KruisePodReady condition False while the hook holds it.</summary>
    [JsonPropertyName("markPodNotReady")] public bool? MarkPodNotReady { get; set; }
}

/// <summary>Values of the <c>lifecycle.apps.kruise.io/state</c> pod label.</summary>
public static class LifecycleStates
{
    public const string PreparingNormal = "PreparingNormal";
    public const string Normal = "Normal";
    public const string PreparingUpdate = "PreparingUpdate";
    public const string Updating = "Updating";
    public const string Updated = "Updated";
    public const string PreparingDelete = "PreparingDelete";
}
