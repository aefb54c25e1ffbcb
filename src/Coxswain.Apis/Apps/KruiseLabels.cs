namespace Coxswain.Apis.Apps;

/// <summary>Labels OpenKruise reads and writes on workloads, pods and PVCs, byte for byte.</summary>
public static class KruiseLabels
{
    /// <summary>The instance id shared by a CloneSet pod and its PVCs; also the suffix of their names.</summary>
    public const string CloneSetInstanceId = "apps.kruise.io/cloneset-instance-id";

    /// <summary>The revision a pod was created from or updated to (apps/v1's label, reused by OpenKruise).</summary>
    public const string ControllerRevisionHash = "controller-revision-hash";

    /// <summary>The short hash of a pod's revision, always the bare hash.</summary>
    public const string PodTemplateHash = "pod-template-hash";

    /// <summary>A pod carrying this label (any value) is deleted before any other when scaling in or recreating.</summary>
    public const string SpecifiedDelete = "apps.kruise.io/specified-delete";

    /// <summary>The pod's lifecycle state (values in <see cref="Pub.LifecycleStates"/>).</summary>
    public const string LifecycleState = "lifecycle.apps.kruise.io/state";

    /// <summary>Pods carrying any label with this prefix count as unavailable even when Ready.</summary>
    public const string UnavailablePodPrefix = "unavailable-pod.kruise.io/";

    /// <summary>On a CloneSet: compute scale excluding pods in PreparingDelete.</summary>
    public const string CloneSetScalingExcludePreparingDelete = "apps.kruise.io/cloneset-scaling-exclude-preparing-delete";

    /// <summary>Deletion protection: <c>Always</c> or <c>Cascading</c>.</summary>
    public const string DeleteProtection = "policy.kruise.io/delete-protection";

    /// <summary>kube-controller-manager's pod deletion cost, which OpenKruise honours when choosing pods to delete.</summary>
    public const string PodDeletionCost = "controller.kubernetes.io/pod-deletion-cost";
}

/// <summary>Annotations OpenKruise reads and writes on pods, byte for byte.</summary>
public static class KruiseAnnotations
{
    /// <summary>JSON <see cref="Pub.InPlaceUpdateState"/> of a pod updated in place.</summary>
    public const string InPlaceUpdateState = "apps.kruise.io/inplace-update-state";

    /// <summary>Pre-v1.0 key of <see cref="InPlaceUpdateState"/>: still read, deleted on write.</summary>
    public const string InPlaceUpdateStateLegacy = "inplace-update-state";

    /// <summary>The pending in-place update spec while a grace period runs.</summary>
    public const string InPlaceUpdateGrace = "apps.kruise.io/inplace-update-grace";

    /// <summary>Pre-v1.0 key of <see cref="InPlaceUpdateGrace"/>.</summary>
    public const string InPlaceUpdateGraceLegacy = "inplace-update-grace";

    /// <summary>RFC 3339 time of the last lifecycle state change (an annotation, not a label).</summary>
    public const string LifecycleTimestamp = "lifecycle.apps.kruise.io/timestamp";
}

/// <summary>Pod condition and readiness gate types OpenKruise owns.</summary>
public static class KruisePodConditions
{
    /// <summary>Injected as a readiness gate into every CloneSet pod; False while an in-place update runs.</summary>
    public const string InPlaceUpdateReady = "InPlaceUpdateReady";

    /// <summary>Reason of InPlaceUpdateReady=False set before an in-place update.</summary>
    public const string StartInPlaceUpdateReason = "StartInPlaceUpdate";

    /// <summary>Multi-writer readiness gate (KruisePodReadinessGate feature).</summary>
    public const string KruisePodReady = "KruisePodReady";
}
