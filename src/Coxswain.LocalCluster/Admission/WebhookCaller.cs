using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// Makes one admission webhook call as kube-apiserver does: an AdmissionReview POSTed by the shared
/// <see cref="WebhookHttpCaller"/>, and the answer decoded and verified. Everything that goes wrong is a <see cref="WebhookCallException"/> with kube-apiserver's message, e.g.
/// <c>failed to call webhook: Post "https://svc.ns.svc:443/validate?timeout=10s": no endpoints available for service "svc"</c>.
/// </summary>
internal sealed class WebhookCaller(WebhookHttpCaller http)
{
    public async Task<AdmissionResponse> CallAsync(Webhook webhook, AdmissionAttributes a, ResourceDefinition target)
    {
        var version = AdmissionReview.ChooseVersion(webhook.AdmissionReviewVersions)
            ?? throw new WebhookCallException(webhook.Name, "could not create admission objects: webhook does not accept known AdmissionReview versions");
        var uid = Guid.NewGuid().ToString();
        var body = AdmissionReview.CreateRequest(version, uid, a, target);
        var answer = await PostAsync(webhook, body).ConfigureAwait(false);
        try
        {
            return AdmissionReview.ReadResponse(answer, version, uid, webhook.Mutating);
        }
        catch (FormatException e)
        {
            throw new WebhookCallException(webhook.Name, e.Message);
        }
    }

    async Task<byte[]> PostAsync(Webhook webhook, byte[] body)
    {
        try
        {
            return await http.PostAsync(webhook.ClientConfig, webhook.TimeoutSeconds, body).ConfigureAwait(false);
        }
        catch (WebhookTransportException e)
        {
            throw new WebhookCallException(webhook.Name, e.ClientConfigInvalid ? $"could not get REST client: {e.Message}" : $"failed to call webhook: {e.Message}");
        }
    }
}
