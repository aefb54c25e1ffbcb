using Coxswain.Apis.Apps;
using Coxswain.Kruise.FeatureGates;
using Coxswain.Runtime.Webhooks;
using k8s.Models;

namespace Coxswain.Kruise.Webhooks;

/// <summary>
/// <c>mpod.kb.io</c>: pods at creation. Of OpenKruise's pipeline this release runs the first step: with the
/// KruisePodReadinessGate gate on, pods of Kruise workloads get the <c>KruisePodReady</c> readiness gate. (The
/// <c>InPlaceUpdateReady</c> gate is added by the workload controllers themselves when they create pods.)
/// </summary>
public sealed class PodMutatingWebhook(FeatureGateSet features) : IMutatingWebhook<V1Pod>
{
    public Task<AdmissionDecision> MutateAsync(AdmissionRequest<V1Pod> request, CancellationToken cancellationToken)
    {
        if (request.Operation == "CREATE" && request.Object is { } pod &&
            features.Enabled(KruiseFeatures.KruisePodReadinessGate) && OwnedByKruise(pod))
        {
            pod.Spec.ReadinessGates ??= [];
            if (!pod.Spec.ReadinessGates.Any(g => g.ConditionType == KruisePodConditions.KruisePodReady))
                pod.Spec.ReadinessGates.Add(new V1PodReadinessGate { ConditionType = KruisePodConditions.KruisePodReady });
        }
        return Task.FromResult(AdmissionDecision.Allow());
    }

    static bool OwnedByKruise(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.ApiVersion.StartsWith("apps.kruise.io/", StringComparison.Ordinal)) == true;
}
