using System.Net.Http.Headers;
using k8s;

namespace Coxswain.Runtime.Client;

/// <summary>
/// Sends raw requests to the API server over the HTTP connection of a KubernetesClient <see cref="Kubernetes"/> instance,
/// turning failure responses into <see cref="KubernetesApiException"/>.
/// </summary>
/// <remarks>
/// Why raw requests rather than KubernetesClient's operations: its typed operations are one method per kind, its
/// <c>GenericClient</c> cannot pass <c>resourceVersion</c>, <c>allowWatchBookmarks</c>, <c>sendInitialEvents</c> or
/// subresources, and its custom-object operations cannot reach the core group (<c>/api/v1</c>). Going through the same
/// <see cref="Kubernetes.HttpClient"/> (TLS and client certificates from kubeconfig, the caller's delegating handlers)
/// and <see cref="Kubernetes.Credentials"/> (tokens, exec plugins and their refresh) keeps every feature of the official
/// client, while one code path serves every kind — built-in, custom, or metadata-only.
/// </remarks>
internal sealed class ApiConnection
{
    private readonly Kubernetes _client;

    public ApiConnection(Kubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>
    /// Sends one request and returns the successful response with only its headers read, so watch streams can be consumed
    /// as they arrive. The caller disposes the response. <paramref name="pathAndQuery"/> is relative to the server root
    /// (<c>api/v1/namespaces/default/pods?limit=5</c>); <paramref name="accept"/> defaults to plain JSON.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, HttpContent? content, string? accept, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{_client.BaseUri.ToString().TrimEnd('/')}/{pathAndQuery}");
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", accept ?? "application/json");
        if (_client.Credentials is not null)
        {
            await _client.Credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await KubernetesApiException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A JSON request body with an explicit media type (patches need their own).</summary>
    public static HttpContent JsonContent(string json, string mediaType = "application/json") =>
        new StringContent(json, System.Text.Encoding.UTF8, new MediaTypeHeaderValue(mediaType));
}
