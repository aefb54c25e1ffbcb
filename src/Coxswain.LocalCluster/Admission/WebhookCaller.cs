using System.Net;
using System.Net.Http.Headers;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// Makes one webhook call as kube-apiserver does: an AdmissionReview POSTed over HTTPS to the service (through its ready
/// endpoints) or URL, with the <c>timeout</c> query parameter and a deadline of timeoutSeconds, and the answer decoded and
/// verified. Everything that goes wrong is a <see cref="WebhookCallException"/> with kube-apiserver's message, e.g.
/// <c>failed to call webhook: Post "https://svc.ns.svc:443/validate?timeout=10s": no endpoints available for service "svc"</c>.
/// </summary>
internal sealed class WebhookCaller(WebhookEndpointResolver resolver, WebhookHttpClients clients)
{
    static readonly MediaTypeHeaderValue Json = new("application/json");

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
        var config = webhook.ClientConfig;
        var url = config.RequestUrl(webhook.TimeoutSeconds);
        IPEndPoint? endpoint = null;
        if (config.Service is { } service)
        {
            try
            {
                endpoint = resolver.Resolve(service);
            }
            catch (EndpointResolutionException e)
            {
                throw Failed(webhook, url, e.Message);
            }
        }

        WebhookHttpClient client;
        try
        {
            client = clients.For(config, endpoint);
        }
        catch (FormatException e)
        {
            throw new WebhookCallException(webhook.Name, $"could not get REST client: {e.Message}");
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(webhook.TimeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Accept.ParseAdd("application/json, */*");
        // Go sends the URL's host:port as written (".svc:443"); .NET would drop a default port.
        if (config.Service is { } target) request.Headers.Host = $"{target.Host}:{target.Port}";
        var rejectionsBefore = client.Trust.Rejections;
        try
        {
            using var response = await client.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new WebhookCallException(webhook.Name, "failed to call webhook: " +
                    GoTransportErrors.UnsuccessfulResponse((int)response.StatusCode, answer, response.Content.Headers.ContentType?.MediaType));
            return answer;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            var dialAddress = endpoint?.ToString() ?? $"{request.RequestUri!.Host}:{request.RequestUri.Port}";
            throw Failed(webhook, url, GoTransportErrors.Describe(e, dialAddress, client.Trust,
                timedOut: deadline.IsCancellationRequested, certificateRejected: client.Trust.Rejections != rejectionsBefore));
        }
    }

    /// <summary>Go's url.Error wraps transport failures as <c>Post "url": cause</c>.</summary>
    static WebhookCallException Failed(Webhook webhook, string url, string cause) =>
        new(webhook.Name, $"failed to call webhook: Post \"{url}\": {cause}");
}
