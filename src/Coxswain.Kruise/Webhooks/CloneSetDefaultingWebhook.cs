using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Runtime.Webhooks;

namespace Coxswain.Kruise.Webhooks;

/// <summary>
/// <c>mcloneset.kb.io</c>: OpenKruise's CloneSet defaults. The pod template is schemaless in the CRD, so this webhook is
/// the only place its defaults come from; they are injected on create, and on update only when the template changed.
/// </summary>
public sealed class CloneSetDefaultingWebhook : IMutatingWebhook<CloneSet>
{
    public Task<AdmissionDecision> MutateAsync(AdmissionRequest<CloneSet> request, CancellationToken cancellationToken)
    {
        if (request.Object is not { } cloneSet) return Task.FromResult(AdmissionDecision.Allow());
        CloneSetDefaults.Apply(cloneSet, CloneSetDefaults.ShouldInjectTemplateDefaults(cloneSet, request.OldObject));
        return Task.FromResult(AdmissionDecision.Allow());
    }
}
