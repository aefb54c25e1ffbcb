using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// One write as admission sees it (apiserver's admission.Attributes): the resource and subresource addressed, the
/// operation, the object being written and the stored object it replaces, and the request's options.
/// </summary>
public sealed record AdmissionAttributes
{
    public required ResourceDefinition Resource { get; init; }
    /// <summary>"status", "scale", "finalize", …; null for the main resource.</summary>
    public string? Subresource { get; init; }
    /// <summary>
    /// The kind of the object a subresource request carries when it is not the resource's own (policy/v1 Eviction for
    /// pods/eviction): webhooks see it as the request's kind and the object's apiVersion and kind.
    /// </summary>
    public GroupVersionKindRef? ObjectKind { get; init; }
    public required AdmissionOperation Operation { get; init; }
    /// <summary>The object's name; "" on a create that relies on generateName (the name is not chosen yet).</summary>
    public required string Name { get; init; }
    /// <summary>
    /// The request's namespace; for a Namespace object addressed by name it is that namespace, as kube-apiserver's
    /// request info makes it (rules and namespaceSelector depend on it).
    /// </summary>
    public string? Namespace { get; init; }
    /// <summary>The object being written; null for deletes.</summary>
    public JsonObject? Object { get; init; }
    /// <summary>The stored object; null for creates.</summary>
    public JsonObject? OldObject { get; init; }
    public bool DryRun { get; init; }
    /// <summary>The request's CreateOptions/UpdateOptions/DeleteOptions in wire form, sent to webhooks as <c>options</c>.</summary>
    public JsonObject? Options { get; init; }
    /// <summary>Who asked. The local server authenticates a single credential, so every request is its administrator.</summary>
    public JsonObject UserInfo { get; init; } = LocalAdministrator;
    /// <summary>Receives webhook warnings (the response's <c>Warning</c> headers); null drops them.</summary>
    public Action<string>? Warn { get; init; }

    static readonly JsonObject LocalAdministrator = new()
    {
        ["username"] = Server.KubeconfigWriter.Name,
        ["groups"] = new JsonArray("system:masters", "system:authenticated"),
    };

    public static AdmissionAttributes ForCreate(ResourceDefinition r, string? ns, JsonObject obj, WriteOptions options) => new()
    {
        Resource = r,
        Subresource = options.Subresource,
        Operation = AdmissionOperation.Create,
        Name = (string?)obj["metadata"]?["name"] ?? "",
        Namespace = ns,
        Object = obj,
        DryRun = options.DryRun,
        Options = WriteOptionsJson("CreateOptions", options),
        Warn = options.Warn,
    };

    public static AdmissionAttributes ForUpdate(ResourceDefinition r, string? ns, string name, JsonObject obj, JsonObject old, WriteOptions options) => new()
    {
        Resource = r,
        Subresource = options.Subresource,
        Operation = AdmissionOperation.Update,
        Name = name,
        Namespace = RequestNamespace(r, ns, name),
        Object = obj,
        OldObject = old,
        DryRun = options.DryRun,
        Options = WriteOptionsJson("UpdateOptions", options),
        Warn = options.Warn,
    };

    public static AdmissionAttributes ForDelete(ResourceDefinition r, string? ns, string name, JsonObject old, DeleteOptions options) => new()
    {
        Resource = r,
        Operation = AdmissionOperation.Delete,
        Name = name,
        Namespace = RequestNamespace(r, ns, name),
        OldObject = old,
        DryRun = options.DryRun,
        Options = DeleteOptionsJson(options),
        Warn = options.Warn,
    };

    /// <summary>kube-apiserver's request info puts a namespace's own name in the namespace slot of <c>/namespaces/{name}</c>.</summary>
    static string? RequestNamespace(ResourceDefinition r, string? ns, string name) => IsNamespace(r) ? name : ns;

    public static bool IsNamespace(ResourceDefinition r) => r.Group.Length == 0 && r.Plural == "namespaces";

    static JsonObject WriteOptionsJson(string kind, WriteOptions options)
    {
        var o = new JsonObject { ["kind"] = kind, ["apiVersion"] = "meta.k8s.io/v1" };
        if (options.DryRun) o["dryRun"] = new JsonArray("All");
        if (options.FieldManager is { Length: > 0 } manager) o["fieldManager"] = manager;
        return o;
    }

    static JsonObject DeleteOptionsJson(DeleteOptions options)
    {
        var o = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "meta.k8s.io/v1" };
        if (options.GracePeriodSeconds is { } grace) o["gracePeriodSeconds"] = grace;
        if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
        {
            var preconditions = new JsonObject();
            if (options.PreconditionUid is { } uid) preconditions["uid"] = uid;
            if (options.PreconditionResourceVersion is { } rv) preconditions["resourceVersion"] = rv;
            o["preconditions"] = preconditions;
        }
        if (options.PropagationPolicy is { } policy) o["propagationPolicy"] = policy;
        if (options.DryRun) o["dryRun"] = new JsonArray("All");
        return o;
    }
}

/// <summary>A group, version and kind, as AdmissionReview's <c>kind</c> and <c>requestKind</c> carry them.</summary>
public sealed record GroupVersionKindRef(string Group, string Version, string Kind)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
