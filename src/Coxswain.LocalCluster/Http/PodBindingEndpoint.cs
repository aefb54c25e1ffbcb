using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Scheduling;
using Coxswain.LocalCluster.Validation;
using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// <c>POST /api/v1/namespaces/{ns}/pods/{name}/binding</c>: a scheduler assigns a pod to a node by posting a core/v1
/// Binding. The work is <see cref="PodBinding"/>'s, the same code path the in-process scheduler uses; this class only
/// decodes and checks the Binding and answers with kube-apiserver's <c>Status</c> (201, Success).
/// </summary>
public sealed class PodBindingEndpoint(PodBinding binding)
{
    public async Task HandleAsync(HttpContext ctx, string ns, string name, RequestQuery query, byte[] body)
    {
        JsonObject? obj;
        try { obj = JsonNode.Parse(body) as JsonObject; }
        catch (JsonException e) { throw StatusError.BadRequest($"error decoding Binding: {e.Message}"); }
        if (obj is null) throw StatusError.BadRequest("error decoding Binding: the body is not a JSON object");
        if ((string?)obj["kind"] is { Length: > 0 } kind && kind != "Binding")
            throw StatusError.BadRequest($"the kind of the object ({kind}) does not match the expected kind (Binding)");

        var meta = obj.Obj("metadata");
        if (meta.StrOrEmpty("name") != name) throw StatusError.BadRequest("name in URL does not match name in Binding object");
        ValidateTarget(obj.Obj("target"));

        await binding.BindAsync(new BindingRequest(
            ns, name, obj.Obj("target").StrOrEmpty("name"),
            UidPrecondition: meta.Str("uid"),
            ResourceVersionPrecondition: meta.Str("resourceVersion"),
            Annotations: meta.Obj("annotations").StringMap().ToDictionary(kv => kv.Key, kv => kv.Value),
            DryRun: query.DryRun)).ConfigureAwait(false);

        await ApiHandler.WriteCreatedStatusAsync(ctx).ConfigureAwait(false);
    }

    /// <summary>
    /// ValidatePodBinding. Upstream returns these as a plain error rather than an Invalid status, so kube-apiserver answers
    /// them as an unknown 500 error carrying the field errors' text; that is kept.
    /// </summary>
    static void ValidateTarget(JsonObject? target)
    {
        var errors = new List<FieldError>();
        var kind = target.StrOrEmpty("kind");
        if (kind.Length > 0 && kind != "Node") errors.Add(FieldError.NotSupported("target.kind", kind, ["Node", "<empty>"]));
        if (target.StrOrEmpty("name").Length == 0) errors.Add(FieldError.Required("target.name"));
        if (errors.Count == 0) return;
        var text = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors) + "]";
        throw new StatusError(500, "", text);
    }
}
