using System.Net;
using System.Text.Json.Nodes;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// What an admission handler answers: allowed or denied (with the message kube-apiserver shows after
/// <c>admission webhook "&lt;name&gt;" denied the request: </c>), warnings for the client, and — for mutating handlers
/// that prefer to build it themselves — an explicit JSON patch instead of the computed one.
/// </summary>
public sealed record AdmissionDecision
{
    private AdmissionDecision(bool allowed, string? message, int code, string? reason)
    {
        Allowed = allowed;
        Message = message;
        Code = code;
        Reason = reason;
    }

    public bool Allowed { get; }

    /// <summary><c>response.status.message</c>: why the request was denied (or a note when allowed).</summary>
    public string? Message { get; }

    /// <summary><c>response.status.code</c>: the HTTP status the client gets on denial (403 unless said otherwise).</summary>
    public int Code { get; }

    /// <summary><c>response.status.reason</c>, e.g. <c>Forbidden</c>, <c>Invalid</c>.</summary>
    public string? Reason { get; }

    /// <summary><c>response.warnings</c>: shown by kubectl as <c>Warning: …</c>, whatever the outcome.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>An explicit JSON patch (RFC 6902) for a mutating webhook; when null the patch is computed from the object.</summary>
    public JsonArray? Patch { get; init; }

    /// <summary>Let the request through (controller-runtime's <c>admission.Allowed</c>).</summary>
    public static AdmissionDecision Allow(string? message = null) => new(true, message, (int)HttpStatusCode.OK, null);

    /// <summary>Reject the request (controller-runtime's <c>admission.Denied</c>): 403 Forbidden unless another code is given.</summary>
    public static AdmissionDecision Deny(string message, int code = (int)HttpStatusCode.Forbidden, string? reason = null) =>
        new(false, message, code, reason ?? (code == (int)HttpStatusCode.Forbidden ? "Forbidden" : null));

    /// <summary>Allow with exactly these patch operations (controller-runtime's <c>admission.Patched</c>).</summary>
    public static AdmissionDecision Patched(JsonArray operations) => Allow() with { Patch = operations };

    /// <summary>The request could not be handled (controller-runtime's <c>admission.Errored</c>): denied with the error.</summary>
    public static AdmissionDecision Errored(int code, string message) => new(false, message, code, null);

    /// <summary>The same decision with warnings added.</summary>
    public AdmissionDecision WithWarnings(params string[] warnings) => this with { Warnings = [.. Warnings, .. warnings] };
}
