using System.Text.Json.Nodes;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// The <c>request</c> of an <c>admission.k8s.io/v1</c> AdmissionReview with its objects decoded as
/// <typeparamref name="T"/>. A mutating handler changes <see cref="Object"/> in place; the server answers with the JSON
/// patch from the object as received to the object as left.
/// </summary>
public sealed class AdmissionRequest<T> where T : class
{
    /// <summary>Identifies this call; echoed in the response.</summary>
    public required string Uid { get; init; }

    /// <summary><c>CREATE</c>, <c>UPDATE</c>, <c>DELETE</c> or <c>CONNECT</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>The kind as <c>group/version/kind</c> fields (<c>request.kind</c>).</summary>
    public required AdmissionKind Kind { get; init; }

    /// <summary>The resource as <c>group/version/resource</c> fields (<c>request.resource</c>).</summary>
    public required AdmissionResource Resource { get; init; }

    public string? SubResource { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The object being written; null for DELETE (and CONNECT).</summary>
    public T? Object { get; init; }

    /// <summary>The stored object for UPDATE and DELETE.</summary>
    public T? OldObject { get; init; }

    public bool DryRun { get; init; }

    /// <summary>The requesting user (<c>request.userInfo</c>: username, uid, groups, extra).</summary>
    public JsonObject? UserInfo { get; init; }

    /// <summary>The operation's options (<c>CreateOptions</c>, <c>UpdateOptions</c>, <c>DeleteOptions</c>).</summary>
    public JsonObject? Options { get; init; }

    /// <summary>The request exactly as received, for anything the typed fields do not carry.</summary>
    public required JsonObject Raw { get; init; }
}

/// <summary><c>group</c>, <c>version</c>, <c>kind</c> of an admission request (group empty for the core group).</summary>
public sealed record AdmissionKind(string Group, string Version, string Kind);

/// <summary><c>group</c>, <c>version</c>, <c>resource</c> of an admission request (group empty for the core group).</summary>
public sealed record AdmissionResource(string Group, string Version, string Resource);
