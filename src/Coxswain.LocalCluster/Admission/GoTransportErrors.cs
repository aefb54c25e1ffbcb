using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// Transport failures in the words Go's net/http and client-go use, since those are what kube-apiserver puts after
/// <c>failed to call webhook:</c> and what users search for (<c>connection refused</c>, <c>context deadline exceeded</c>, x509 errors).
/// </summary>
internal static class GoTransportErrors
{
    /// <param name="dialAddress">host:port the connection went to, as Go's dial errors name it.</param>
    /// <param name="timedOut">The webhook's timeoutSeconds deadline passed.</param>
    /// <param name="certificateRejected">This side refused the server's certificate (else a failed handshake was the server's doing).</param>
    public static string Describe(Exception e, string dialAddress, CaBundleTrust trust, bool timedOut, bool certificateRejected)
    {
        if (timedOut) return "context deadline exceeded";
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationException when certificateRejected:
                    return trust.LastFailure;
                case AuthenticationException { InnerException: IOException }:
                    return "EOF";
                case AuthenticationException:
                    return "remote error: tls: handshake failure";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"dial tcp {dialAddress}: connect: connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return $"dial tcp: lookup {Host(dialAddress)}: no such host";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return "read: connection reset by peer";
                case SocketException { SocketErrorCode: SocketError.HostUnreachable or SocketError.NetworkUnreachable }:
                    return $"dial tcp {dialAddress}: connect: no route to host";
            }
        }
        // The server closed the connection without (a complete) answer.
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }) return "EOF";
        return e.Message;
    }

    static string Host(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        return colon < 0 ? hostPort : hostPort[..colon];
    }

    /// <summary>
    /// client-go's error for a non-2xx answer: the message of a Status body if there is one, otherwise the generic text
    /// for the code (apimachinery's NewGenericServerResponse).
    /// </summary>
    public static string UnsuccessfulResponse(int code, byte[] body, string? contentType)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject { } status && (string?)status["kind"] == "Status" && (string?)status["message"] is { Length: > 0 } message)
                return message;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        var isText = contentType is not null && (contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || contentType.Contains("json", StringComparison.OrdinalIgnoreCase));
        var serverMessage = isText ? Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 1024))).Trim() : "unknown";
        return code switch
        {
            400 => "the server rejected our request for an unknown reason",
            401 => "the server has asked for the client to provide credentials",
            403 => "the server does not allow access to the requested resource",
            404 => "the server could not find the requested resource",
            405 => "the server does not allow this method on the requested resource",
            409 => "the server reported a conflict",
            422 => "the server rejected our request due to an error in our request",
            429 => "the server has received too many requests and has asked us to try again later",
            503 => "the server is currently unable to handle the request",
            504 => "the server was unable to return a response in the time allotted, but may still be processing the request",
            >= 500 => $"an error on the server (\"{serverMessage}\") has prevented the request from succeeding",
            _ => $"the server responded with the status code {code} but did not return more information",
        };
    }
}
