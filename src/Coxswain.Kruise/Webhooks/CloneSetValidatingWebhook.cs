using System.Net;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Runtime.Webhooks;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Coxswain.Kruise.Webhooks;

/// <summary>
/// <c>vcloneset.kb.io</c>: OpenKruise's CloneSet validation on create and update, denied with 422 and the aggregated field
/// errors (kube-apiserver then reports <c>admission webhook "vcloneset.kb.io" denied the request: …</c>). Deletes are
/// allowed: deletion protection is behind the ResourcesDeletionProtection gate, which is off by default.
/// </summary>
public sealed class CloneSetValidatingWebhook(IKubernetes client) : IValidatingWebhook<CloneSet>
{
    public async Task<AdmissionDecision> ValidateAsync(AdmissionRequest<CloneSet> request, CancellationToken cancellationToken)
    {
        if (request.Operation is not ("CREATE" or "UPDATE") || request.Object is not { } cloneSet) return AdmissionDecision.Allow();
        // podsToDelete must name existing pods of this CloneSet: look them up before the (synchronous) validation runs.
        var pods = await PodsToDeleteAsync(cloneSet, request.Namespace ?? cloneSet.Metadata.NamespaceProperty, cancellationToken);
        var errors = request.Operation == "UPDATE" && request.OldObject is { } old
            ? CloneSetValidation.ValidateUpdate(cloneSet, old, name => pods.GetValueOrDefault(name))
            : CloneSetValidation.ValidateCreate(cloneSet, name => pods.GetValueOrDefault(name));
        return errors.Count == 0
            ? AdmissionDecision.Allow()
            : AdmissionDecision.Errored((int)HttpStatusCode.UnprocessableEntity, FieldErrorAggregate.Message(errors));
    }

    async Task<Dictionary<string, V1Pod>> PodsToDeleteAsync(CloneSet cloneSet, string? ns, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, V1Pod>();
        if (ns is null) return found;
        foreach (var name in cloneSet.Spec.ScaleStrategy?.PodsToDelete ?? [])
        {
            if (found.ContainsKey(name)) continue;
            try
            {
                found[name] = await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }
        return found;
    }
}
