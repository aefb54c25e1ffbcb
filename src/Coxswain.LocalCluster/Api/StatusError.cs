using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Api;

/// <summary>
/// An API failure that is answered with a <c>kind: Status</c> body, exactly as apimachinery's
/// <c>pkg/api/errors</c> constructors build it (code, reason, message and details).
/// Throw it anywhere inside request handling; the server turns it into the response.
/// </summary>
public sealed class StatusError : Exception
{
    public int Code { get; }
    public string Reason { get; }
    public JsonObject? Details { get; }
    public int? RetryAfterSeconds { get; init; }

    public StatusError(int code, string reason, string message, JsonObject? details = null) : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
        };
        // Errors that are not apimachinery StatusErrors reach clients with no reason at all (StatusReasonUnknown is "").
        if (Reason.Length > 0) status["reason"] = Reason;
        if (Details is not null) status["details"] = Details.DeepClone();
        status["code"] = Code;
        return status;
    }

    static JsonObject NameDetails(ResourceDefinition r, string name)
    {
        var d = new JsonObject { ["name"] = name };
        if (r.Group.Length > 0) d["group"] = r.Group;
        d["kind"] = r.Plural;
        return d;
    }

    public static StatusError NotFound(ResourceDefinition r, string name) =>
        new(404, "NotFound", $"{r.GroupResource} \"{name}\" not found", NameDetails(r, name));

    public static StatusError NotFound(string groupResource, string name) =>
        new(404, "NotFound", $"{groupResource} \"{name}\" not found",
            new JsonObject { ["name"] = name, ["kind"] = groupResource });

    public static StatusError NotFoundPath() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static StatusError AlreadyExists(ResourceDefinition r, string name) =>
        new(409, "AlreadyExists", $"{r.GroupResource} \"{name}\" already exists", NameDetails(r, name));

    public static StatusError Conflict(ResourceDefinition r, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {r.GroupResource} \"{name}\": {detail}", NameDetails(r, name));

    public const string OptimisticLockMessage =
        "the object has been modified; please apply your changes to the latest version and try again";

    public static StatusError Invalid(ResourceDefinition r, string name, IReadOnlyList<FieldError> errors) =>
        Invalid(r.GroupKind, r.Group, r.Kind, name, errors);

    public static StatusError Invalid(string groupKind, string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        // Like apimachinery's aggregate: identical messages are printed once, while details.causes keeps every error.
        var messages = errors.Select(e => e.ToString()).Distinct().ToList();
        var agg = messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
        var causes = new JsonArray();
        foreach (var e in errors)
            causes.Add(new JsonObject { ["reason"] = e.Reason, ["message"] = e.Detail, ["field"] = e.Field });
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0) details["group"] = group;
        details["kind"] = kind;
        details["causes"] = causes;
        return new StatusError(422, "Invalid", $"{groupKind} \"{name}\" is invalid: {agg}", details);
    }

    public static StatusError BadRequest(string message) => new(400, "BadRequest", message);

    public static StatusError Forbidden(ResourceDefinition r, string name, string detail) =>
        new(403, "Forbidden", name.Length == 0 ? $"{r.GroupResource} is forbidden: {detail}" : $"{r.GroupResource} \"{name}\" is forbidden: {detail}",
            NameDetails(r, name));

    /// <summary>
    /// An HTTP method the path has no route for (PUT on a collection, DELETE on a resource without deletecollection, POST on a
    /// subresource): kube-apiserver only registers routes for the verbs a resource supports, so go-restful answers these and
    /// the apiserver passes them on as this generic Status.
    /// </summary>
    public static StatusError MethodNotAllowedOnRoute() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());

    /// <summary>A verb the route exists for but the storage cannot do (e.g. <c>watch=true</c> on a resource that has no watch).</summary>
    public static StatusError MethodNotAllowed(string action, ResourceDefinition r) =>
        new(405, "MethodNotAllowed", $"{action} is not supported on resources of kind \"{r.GroupResource}\"",
            new JsonObject());

    public static StatusError UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}",
            new JsonObject());

    public static StatusError NotAcceptable(string message) => new(406, "NotAcceptable", message);

    public static StatusError RequestEntityTooLarge(string detail) => new(413, "RequestEntityTooLarge", $"Request entity too large: {detail}");

    public static StatusError Expired(string message) => new(410, "Expired", message);

    public static StatusError Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static StatusError Internal(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) });

    public static StatusError Timeout(string message) => new(504, "Timeout", $"Timeout: {message}");
}
