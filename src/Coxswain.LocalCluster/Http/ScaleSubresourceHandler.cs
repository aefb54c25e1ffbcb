using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.CustomResources;
using Coxswain.LocalCluster.OpenApi;
using Coxswain.LocalCluster.Patching;
using Coxswain.LocalCluster.Selectors;
using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// The <c>/scale</c> subresource (autoscaling/v1 Scale) that <c>kubectl scale</c> and HPAs use: read from, and written
/// through to, the parent's replica paths (a CRD's specReplicasPath/statusReplicasPath/labelSelectorPath, or
/// <c>.spec.replicas</c>, <c>.status.replicas</c> and the label selector for workloads).
/// </summary>
public sealed class ScaleSubresourceHandler(ResourceStorage storage, PatchApplier patches)
{
    static readonly MergeSchema ScaleSchema = MergeSchema.Of(ModelSchemas.For(typeof(k8s.Models.V1Scale)));

    public static ScaleSubresource? PathsOf(ResourceDefinition r) =>
        r.Custom?.Scale ?? (r.Subresources.Contains("scale") ? new ScaleSubresource(".spec.replicas", ".status.replicas", null) : null);

    /// <summary>The desired replicas of a scalable object (its Scale's spec.replicas).</summary>
    public static long SpecReplicasOf(JsonObject parent, ScaleSubresource paths) => (long?)Get(parent, paths.SpecReplicasPath) ?? 0;

    public async Task HandleAsync(HttpContext ctx, ResourceDefinition r, string? ns, string name, RequestQuery q, byte[] body)
    {
        var paths = PathsOf(r) ?? throw StatusError.NotFoundPath();
        switch (ctx.Request.Method)
        {
            case "GET":
                await Write(ctx, ToScale(r, storage.Get(r, ns, name).ToJsonObject(), paths)).ConfigureAwait(false);
                return;
            case "PUT" or "PATCH":
                var isPatch = ctx.Request.Method == "PATCH";
                var patchType = isPatch ? patches.Resolve(BuiltInResources.Pods, ctx.Request.ContentType ?? "") : PatchType.Merge;
                // An applied Scale sets spec.replicas like a merge patch; its ownership is recorded as an Update via /scale.
                if (patchType == PatchType.Apply) patchType = PatchType.Merge;
                string? precondition = null;
                var updated = await storage.GuaranteedUpdateAsync(r, ns, name, null, ApiHandler.WriteOptionsFor(ctx, q, "scale"), current =>
                {
                    var scale = ToScale(r, current, paths);
                    var desired = isPatch ? patches.Apply(r, patchType, scale, body, ScaleSchema) : ObjectDecoder.Parse(r, body);
                    precondition = (string?)desired["metadata"]?["resourceVersion"];
                    if (!string.IsNullOrEmpty(precondition) && precondition != (string?)current["metadata"]?["resourceVersion"])
                        throw StatusError.Conflict(r, name, StatusError.OptimisticLockMessage);
                    var replicas = desired["spec"]?["replicas"];
                    if (replicas is not JsonValue v || !v.TryGetValue<long>(out var n) || n < 0)
                        throw StatusError.Invalid("Scale.autoscaling", "autoscaling", "Scale", name,
                            [Validation.FieldError.Invalid("spec.replicas", replicas, "must be greater than or equal to 0")]);
                    Set(current, paths.SpecReplicasPath, JsonValue.Create(n));
                    return current;
                }).ConfigureAwait(false);
                await Write(ctx, ToScale(r, updated.ToJsonObject(), paths)).ConfigureAwait(false);
                return;
            default:
                throw StatusError.MethodNotAllowedOnRoute(); // no route for other methods, as in kube-apiserver
        }
    }

    static JsonObject ToScale(ResourceDefinition r, JsonObject parent, ScaleSubresource paths)
    {
        var meta = parent["metadata"] as JsonObject ?? new JsonObject();
        var selector = paths.LabelSelectorPath is { } lp ? Get(parent, lp) switch
        {
            JsonValue s when s.TryGetValue<string>(out var str) => str,
            JsonObject o => LabelSelector.FromLabelSelectorJson(o).ToString(),
            _ => null,
        } : parent["spec"]?["selector"] is JsonObject sel ? LabelSelector.FromLabelSelectorJson(sel).ToString() : null;
        var status = new JsonObject { ["replicas"] = (long?)Get(parent, paths.StatusReplicasPath) ?? 0 };
        if (selector is not null) status["selector"] = selector;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta["name"]?.DeepClone(),
                ["namespace"] = meta["namespace"]?.DeepClone(),
                ["uid"] = meta["uid"]?.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = SpecReplicasOf(parent, paths) },
            ["status"] = status,
        };
    }

    static string[] Segments(string path) => path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries);

    static JsonNode? Get(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var s in Segments(path)) node = node is JsonObject o ? o[s] : null;
        return node;
    }

    static void Set(JsonObject obj, string path, JsonNode value)
    {
        var segments = Segments(path);
        var node = obj;
        foreach (var s in segments[..^1])
        {
            if (node[s] is not JsonObject child) node[s] = child = new JsonObject();
            node = child;
        }
        node[segments[^1]] = value;
    }

    static Task Write(HttpContext ctx, JsonObject scale) =>
        ApiHandler.WriteJsonAsync(ctx, 200, JsonSerializer.SerializeToUtf8Bytes(scale));
}
