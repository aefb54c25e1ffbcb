using System.Net;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Client;

/// <summary>An API server answered with a failure Status (an HTTP error, or an ERROR event inside a watch stream).</summary>
public sealed class KubernetesApiException : Exception
{
    public KubernetesApiException(HttpStatusCode statusCode, V1Status? status)
        : base(status?.Message is { Length: > 0 } message ? $"{(int)statusCode} {status.Reason}: {message}" : $"{(int)statusCode} {statusCode}")
    {
        StatusCode = statusCode;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The Status body, when the server sent one.</summary>
    public V1Status? Status { get; }

    /// <summary>The Status reason, e.g. <c>Expired</c>, <c>Forbidden</c>, <c>NotFound</c>.</summary>
    public string? Reason => Status?.Reason;

    /// <summary>
    /// The requested resource version is no longer available (410 Gone / reason Expired or Gone): the client must relist.
    /// client-go's <c>IsResourceExpired || IsGone</c>.
    /// </summary>
    public bool IsResourceExpired =>
        StatusCode == HttpStatusCode.Gone || Reason is "Expired" or "Gone";

    /// <summary>The server treats the request itself as unsupported or invalid, e.g. a streaming list it does not implement.</summary>
    public bool IsRequestRejected =>
        StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotImplemented
            or HttpStatusCode.MethodNotAllowed;

    /// <summary>An ERROR event of a watch stream as an exception; the HTTP code comes from the Status.</summary>
    public static KubernetesApiException FromStatus(V1Status? status) =>
        new((HttpStatusCode)(status?.Code ?? 500), status);

    /// <summary>Reads a failed response's Status body (if it is one) into an exception.</summary>
    public static async Task<KubernetesApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        V1Status? status = null;
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > 0 && body.TrimStart().StartsWith('{'))
            {
                status = KubernetesJson.Deserialize<V1Status>(body);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a Status (e.g. a proxy's HTML error page): the HTTP code is all there is.
        }

        return new KubernetesApiException(response.StatusCode, status);
    }
}
