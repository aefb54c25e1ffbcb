using System.Net;
using System.Net.Http.Headers;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// kube-apiserver's webhook REST client, shared by admission webhooks and CRD conversion webhooks: a JSON body POSTed
/// over HTTPS to <c>clientConfig.service</c> (through the service's ready endpoints) or <c>clientConfig.url</c>, verified
/// against <c>caBundle</c>, with the <c>timeout</c> query parameter and a deadline of that many seconds. Failures are
/// <see cref="WebhookTransportException"/>s whose messages are Go's (<c>Post "https://svc.ns.svc:443/path?timeout=10s":
/// no endpoints available for service "svc"</c>); each caller wraps them in its own words.
/// </summary>
internal sealed class WebhookHttpCaller(WebhookEndpointResolver resolver, WebhookHttpClients clients)
{
    static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<byte[]> PostAsync(WebhookClientConfig config, int timeoutSeconds, byte[] body)
    {
        var url = config.RequestUrl(timeoutSeconds);
        IPEndPoint? endpoint = null;
        if (config.Service is { } service)
        {
            try
            {
                endpoint = resolver.Resolve(service);
            }
            catch (EndpointResolutionException e)
            {
                throw Failed(url, e.Message);
            }
        }

        WebhookHttpClient client;
        try
        {
            client = clients.For(config, endpoint);
        }
        catch (FormatException e)
        {
            throw new WebhookTransportException(e.Message, clientConfigInvalid: true);
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
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
                throw new WebhookTransportException(
                    GoTransportErrors.UnsuccessfulResponse((int)response.StatusCode, answer, response.Content.Headers.ContentType?.MediaType),
                    clientConfigInvalid: false);
            return answer;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            var dialAddress = endpoint?.ToString() ?? $"{request.RequestUri!.Host}:{request.RequestUri.Port}";
            throw Failed(url, GoTransportErrors.Describe(e, dialAddress, client.Trust,
                timedOut: deadline.IsCancellationRequested, certificateRejected: client.Trust.Rejections != rejectionsBefore));
        }
    }

    /// <summary>Go's url.Error wraps transport failures as <c>Post "url": cause</c>.</summary>
    static WebhookTransportException Failed(string url, string cause) => new($"Post \"{url}\": {cause}", clientConfigInvalid: false);
}

/// <summary>
/// A webhook POST that failed: the transport's or the HTTP status's error text, or (<see cref="ClientConfigInvalid"/>)
/// why no REST client could be made for the clientConfig.
/// </summary>
internal sealed class WebhookTransportException(string message, bool clientConfigInvalid) : Exception(message)
{
    public bool ClientConfigInvalid { get; } = clientConfigInvalid;
}
