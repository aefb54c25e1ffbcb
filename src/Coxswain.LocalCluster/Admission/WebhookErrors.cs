using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Admission;

/// <summary>The Status errors webhooks produce, as apiserver's <c>admission/plugin/webhook/errors</c> builds them.</summary>
internal static class WebhookErrors
{
    /// <summary>
    /// A webhook said no. The webhook's own status is kept (code, reason, details) and sanitised: code 0 becomes 403,
    /// the message becomes <c>{resource.group} "{name}" is forbidden: admission webhook "{hook}" denied the request: {why}</c>
    /// (<c>Internal error occurred: …</c> for code 500), and a missing reason becomes Forbidden (or InternalError).
    /// </summary>
    public static StatusError Denied(AdmissionAttributes a, string webhookName, JsonObject? status)
    {
        var code = (int)(status.Long("code") ?? 0);
        if (code == 0) code = 403;
        var name = a.Name.Length == 0 ? "Unknown" : a.Name;
        var deniedBy = $"admission webhook \"{webhookName}\" denied the request";
        var explanation = status.Str("message") is { Length: > 0 } message ? $"{deniedBy}: {message}"
            : status.Str("reason") is { Length: > 0 } reason ? $"{deniedBy}: {reason}"
            : $"{deniedBy} without explanation";

        var details = status.Obj("details")?.DeepClone().AsObject();
        if (details is null)
        {
            details = code == 500
                ? new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = explanation }) }
                : ForbiddenDetails(a.Resource, name);
        }
        var prefix = code == 500 ? "Internal error occurred" : $"{a.Resource.GroupResource} \"{name}\" is forbidden";
        var statusReason = status.Str("reason") is { Length: > 0 } r ? r : code == 500 ? "InternalError" : "Forbidden";
        return new StatusError(code, statusReason, $"{prefix}: {explanation}", details);
    }

    /// <summary>apierrors.NewForbidden's details: the resource (not the kind) goes in <c>kind</c>, as upstream does.</summary>
    static JsonObject ForbiddenDetails(ResourceDefinition r, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (r.Group.Length > 0) details["group"] = r.Group;
        details["kind"] = r.Plural;
        return details;
    }

    /// <summary>A dry-run request meets a webhook that declares side effects.</summary>
    public static StatusError DryRunUnsupported(string webhookName) =>
        StatusError.BadRequest($"admission webhook \"{webhookName}\" does not support dry run");

    /// <summary>A mutating webhook patched a request that has no object (a delete).</summary>
    public static StatusError PatchWithoutObject(string webhookName) =>
        StatusError.Internal($"admission webhook \"{webhookName}\" attempted to modify the object, which is not supported for this operation");
}
