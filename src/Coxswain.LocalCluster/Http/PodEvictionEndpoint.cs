using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Disruption;
using Coxswain.LocalCluster.Protobuf;
using Coxswain.LocalCluster.Validation;
using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// <c>POST /api/v1/namespaces/{ns}/pods/{name}/eviction</c> (what <c>kubectl drain</c> posts): decodes the policy/v1 (or
/// policy/v1beta1) Eviction and hands it to <see cref="PodEviction"/>; an eviction that went through is answered with
/// kube-apiserver's <c>Status</c> (201, Success).
/// </summary>
public sealed class PodEvictionEndpoint(PodEviction eviction)
{
    static readonly string[] EvictionVersions = ["policy/v1", "policy/v1beta1"];

    public async Task HandleAsync(HttpContext ctx, string ns, string name, RequestQuery query, byte[] body)
    {
        var obj = Decode(ctx.Request.ContentType, body);
        if ((string?)obj["kind"] is { Length: > 0 } kind && kind != "Eviction")
            throw StatusError.BadRequest($"the kind of the object ({kind}) does not match the expected kind (Eviction)");
        if ((string?)obj["apiVersion"] is { Length: > 0 } apiVersion && !EvictionVersions.Contains(apiVersion))
            throw StatusError.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version (policy/v1)");
        if (obj.Obj("metadata").StrOrEmpty("name") != name) throw StatusError.BadRequest("name in URL does not match name in Eviction object");
        obj = await eviction.AdmitAsync(ns, obj, query.DryRun, message => Warnings.Add(ctx, message)).ConfigureAwait(false);

        DeleteOptions options;
        try
        {
            options = DeleteOptionsDecoder.Decode(obj.Obj("deleteOptions"), new DeleteOptions(DryRun: query.DryRun)
            {
                Warn = message => Warnings.Add(ctx, message),
            });
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw StatusError.BadRequest($"error decoding Eviction: {e.Message}");
        }
        await eviction.EvictAsync(ns, name, options).ConfigureAwait(false);
        await ApiHandler.WriteCreatedStatusAsync(ctx).ConfigureAwait(false);
    }

    static JsonObject Decode(string? contentType, byte[] body)
    {
        if (KubernetesProtobuf.IsMediaType(contentType)) return KubernetesProtobuf.Decode(body, "policy/v1", "Eviction");
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw StatusError.BadRequest("error decoding Eviction: the body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw StatusError.BadRequest($"error decoding Eviction: {e.Message}");
        }
    }
}
