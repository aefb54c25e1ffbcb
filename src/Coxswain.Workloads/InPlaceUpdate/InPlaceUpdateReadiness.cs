using Coxswain.Apis.Apps;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Workloads.InPlaceUpdate;

/// <summary>
/// The <c>InPlaceUpdateReady</c> readiness gate: injected into every pod a workload creates, so that setting the
/// condition False takes the pod out of its Services' endpoints before its containers restart in place.
/// </summary>
public static class InPlaceUpdateReadiness
{
    /// <summary>OpenKruise's InjectReadinessGate: adds the gate once.</summary>
    public static void InjectReadinessGate(V1PodSpec spec)
    {
        spec.ReadinessGates ??= [];
        if (!spec.ReadinessGates.Any(g => g.ConditionType == KruisePodConditions.InPlaceUpdateReady))
            spec.ReadinessGates.Add(new V1PodReadinessGate { ConditionType = KruisePodConditions.InPlaceUpdateReady });
    }

    public static bool HasReadinessGate(V1Pod pod) =>
        pod.Spec?.ReadinessGates?.Any(g => g.ConditionType == KruisePodConditions.InPlaceUpdateReady) == true;

    public static V1PodCondition? ConditionOf(V1Pod pod) => PodStates.GetPodCondition(pod, KruisePodConditions.InPlaceUpdateReady);

    /// <summary>Not in the middle of an in-place update: the condition is absent or not False.</summary>
    public static bool IsReady(V1Pod pod) => ConditionOf(pod)?.Status != "False";
}
