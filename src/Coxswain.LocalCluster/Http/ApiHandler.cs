using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.CustomResources;
using Coxswain.LocalCluster.Protobuf;
using Coxswain.LocalCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// Serves the resource API (<c>/api/v1/…</c>, <c>/apis/{group}/{version}/…</c>): resolves the resource, checks the verb,
/// decodes bodies, calls <see cref="ResourceStorage"/> and encodes answers (object, list, Table, PartialObjectMetadata,
/// watch stream). Every failure leaves as a Kubernetes Status.
/// </summary>
public sealed class ApiHandler(ResourceStorage storage, ObjectFilterFactory filters, TableRenderer tables, WatchResponder watches, PatchApplier patches)
{
    public const int MaxBodyBytes = 3 * 1024 * 1024; // kube-apiserver's default max request body for JSON
    readonly ScaleSubresourceHandler scale = new(storage, patches);
    readonly ServerSideApplyHandler apply = new(storage);
    // Pod subresources served by their own classes: pods/binding (what schedulers post), pods/eviction (what drains post)
    // and pods/log.
    readonly PodBindingEndpoint binding = new(new Scheduling.PodBinding(storage));
    readonly PodEvictionEndpoint eviction = new(new Disruption.PodEviction(storage));
    PodLogs? podLogs;

    /// <summary>Where pods/log reads container output (the simulated kubelets' logs); without it logs are empty.</summary>
    public Kubelet.ContainerLogBook? ContainerLogs { get; init; }

    /// <summary>Serves pods/portforward; without it the subresource is not found.</summary>
    public PodPortForwardEndpoint? PortForward { get; init; }

    public async Task HandleAsync(HttpContext ctx, ApiPath path, RequestInfo info)
    {
        var r = storage.Catalog.Find(path.Group, path.Version, path.Resource!) ?? throw StatusError.NotFoundPath();
        if (r.Namespaced == false && path.Namespace is not null) throw StatusError.NotFoundPath();
        if (path.Subresource is not null && !r.Subresources.Contains(path.Subresource)) throw StatusError.NotFoundPath();
        info.Resource = r;
        var query = RequestQuery.From(ctx.Request.Query, path.LegacyWatch);
        var method = ctx.Request.Method;
        var ns = path.Namespace;

        if (path.Name is null)
        {
            switch (method)
            {
                case "GET" when query.Watch:
                    info.Verb = "watch";
                    CheckVerb(r, "watch");
                    await watches.ServeAsync(ctx, r, filters.Create(r, ns, query), query).ConfigureAwait(false);
                    return;
                case "GET":
                    info.Verb = "list";
                    CheckVerb(r, "list");
                    await ListAsync(ctx, r, ns, query).ConfigureAwait(false);
                    return;
                case "POST":
                    info.Verb = "create";
                    CheckVerb(r, "create");
                    if (r.Namespaced && ns is null) throw StatusError.NotFoundPath();
                    await CreateAsync(ctx, r, ns, query).ConfigureAwait(false);
                    return;
                case "DELETE":
                    info.Verb = "deletecollection";
                    CheckVerb(r, "deletecollection");
                    await DeleteCollectionAsync(ctx, r, ns, query).ConfigureAwait(false);
                    return;
                default:
                    throw StatusError.MethodNotAllowedOnRoute();
            }
        }

        var name = path.Name;
        if (r.Namespaced && ns is null) throw StatusError.NotFoundPath();
        info.Name = name;
        info.Subresource = path.Subresource;
        if (path.Subresource is "scale")
        {
            info.Verb = method switch { "GET" => "get", "PUT" => "update", "PATCH" => "patch", _ => method.ToLowerInvariant() };
            await scale.HandleAsync(ctx, r, ns, name, query, await ReadBodyAsync(ctx).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }
        if (path.Subresource is "log")
        {
            info.Verb = "get";
            podLogs ??= new PodLogs(storage, ContainerLogs);
            await podLogs.HandleAsync(ctx, r, ns!, name).ConfigureAwait(false);
            return;
        }
        if (path.Subresource is "portforward")
        {
            // A connect subresource: POST (the SPDY upgrade) is "create", GET (the WebSocket upgrade) is "get".
            info.Verb = method switch { "POST" => "create", "GET" => "get", _ => throw StatusError.MethodNotAllowedOnRoute() };
            await (PortForward ?? throw StatusError.NotFoundPath()).HandleAsync(ctx, ns!, name).ConfigureAwait(false);
            return;
        }
        if (path.Subresource is "binding" && method == "POST")
        {
            info.Verb = "create";
            await binding.HandleAsync(ctx, ns!, name, query, await ReadBodyAsync(ctx).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }
        if (path.Subresource is "eviction" && method == "POST")
        {
            info.Verb = "create";
            await eviction.HandleAsync(ctx, ns!, name, query, await ReadBodyAsync(ctx).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }
        switch (method)
        {
            case "GET" when query.Watch:
                // A watch on a single object is a list-watch with a metadata.name field selector (legacy /watch/…/name form).
                info.Verb = "watch";
                CheckVerb(r, "watch");
                await watches.ServeAsync(ctx, r, filters.Create(r, ns, query with { FieldSelector = $"metadata.name={name}" }), query)
                    .ConfigureAwait(false);
                return;
            case "GET":
                info.Verb = "get";
                CheckVerb(r, "get");
                await WriteObjectAsync(ctx, r, storage.Get(r, ns, name), 200).ConfigureAwait(false);
                return;
            case "PUT":
                info.Verb = "update";
                CheckVerb(r, "update");
                await UpdateAsync(ctx, r, ns, name, path.Subresource, query).ConfigureAwait(false);
                return;
            case "PATCH":
                info.Verb = "patch";
                CheckVerb(r, "patch");
                await PatchAsync(ctx, r, ns, name, path.Subresource, query).ConfigureAwait(false);
                return;
            case "DELETE" when path.Subresource is null:
                info.Verb = "delete";
                CheckVerb(r, "delete");
                await DeleteAsync(ctx, r, ns, name, query).ConfigureAwait(false);
                return;
            case "POST" when path.Subresource is not null:
                info.Verb = "create";
                throw StatusError.MethodNotAllowedOnRoute();
            default:
                throw StatusError.MethodNotAllowedOnRoute();
        }
    }

    /// <summary>The request's write options; admission webhooks' warnings become Warning headers.</summary>
    public static WriteOptions WriteOptionsFor(HttpContext ctx, RequestQuery q, string? subresource = null) =>
        new(q.DryRun, FieldManagerParameter.Resolve(ctx, q)) { Subresource = subresource, Warn = message => Warnings.Add(ctx, message) };

    /// <summary>
    /// A verb the resource lacks has no route in kube-apiserver (the generic 405), except watch, which shares the list route
    /// and is refused by the handler itself.
    /// </summary>
    static void CheckVerb(ResourceDefinition r, string verb)
    {
        if (r.Verbs.Contains(verb)) return;
        throw verb == "watch" ? StatusError.MethodNotAllowed(verb, r) : StatusError.MethodNotAllowedOnRoute();
    }

    // ---- list -----------------------------------------------------------------------------------------------------

    async Task ListAsync(HttpContext ctx, ResourceDefinition r, string? ns, RequestQuery q)
    {
        var page = ListPager.List(storage.Store, r, filters.Create(r, ns, q), q);
        var format = ResponseFormats.Negotiate(ctx.Request.Headers.Accept, isList: true);
        var rv = page.Revision.ToString();
        if (format == ResponseFormat.Table)
        {
            var table = tables.RenderList(r, page.Items.Select(i => VersionConverter.InServedVersion(i.ToJsonObject(), r)), rv, page.Continue, q.IncludeObject, page.RemainingItemCount);
            await WriteJsonAsync(ctx, 200, JsonSerializer.SerializeToUtf8Bytes(table), ResponseFormats.TableContentType).ConfigureAwait(false);
            return;
        }

        // Items in another version than stored are converted together (one ConversionReview for a webhook).
        var converted = VersionConverter.NeedsConversion(r) && format != ResponseFormat.PartialObjectMetadata
            ? await storage.Conversion.ConvertAsync(page.Items.Select(i => i.ToJsonObject()).ToList(), r, r.ApiVersion, write: false).ConfigureAwait(false)
            : null;
        // Otherwise stream the list straight from the stored bytes: items are never re-parsed or re-serialized.
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (format == ResponseFormat.PartialObjectMetadata)
            {
                w.WriteString("kind", "PartialObjectMetadataList");
                w.WriteString("apiVersion", "meta.k8s.io/v1");
            }
            else
            {
                w.WriteString("kind", r.ListKind);
                w.WriteString("apiVersion", r.ApiVersion);
            }
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", rv);
            if (page.Continue is not null) w.WriteString("continue", page.Continue);
            if (page.RemainingItemCount is { } remaining) w.WriteNumber("remainingItemCount", remaining);
            w.WriteEndObject();
            w.WriteStartArray("items");
            if (converted is not null)
                foreach (var item in converted) item.WriteTo(w);
            else
                foreach (var item in page.Items)
                {
                    if (format == ResponseFormat.PartialObjectMetadata) PartialObjectMetadata(item.ToJsonObject()).WriteTo(w);
                    else w.WriteRawValue(item.Value, skipInputValidation: true);
                }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        // The negotiated representation is named in the Content-Type, as kube-apiserver does for Table.
        await WriteJsonAsync(ctx, 200, buffer.WrittenMemory,
            format == ResponseFormat.PartialObjectMetadata ? ResponseFormats.PartialObjectMetadataListContentType : "application/json").ConfigureAwait(false);
    }

    // ---- writes ---------------------------------------------------------------------------------------------------

    async Task CreateAsync(HttpContext ctx, ResourceDefinition r, string? ns, RequestQuery q)
    {
        FieldManagerParameter.Validate("CreateOptions", q);
        var obj = await ReadObjectAsync(ctx, r, q).ConfigureAwait(false);
        var created = await storage.CreateAsync(r, ns, obj, WriteOptionsFor(ctx, q)).ConfigureAwait(false);
        await WriteObjectAsync(ctx, r, created, 201).ConfigureAwait(false);
    }

    async Task UpdateAsync(HttpContext ctx, ResourceDefinition r, string? ns, string name, string? subresource, RequestQuery q)
    {
        if (subresource is not (null or "status" or "finalize")) throw StatusError.MethodNotAllowedOnRoute();
        FieldManagerParameter.Validate("UpdateOptions", q);
        var options = WriteOptionsFor(ctx, q);
        var obj = await ReadObjectAsync(ctx, r, q).ConfigureAwait(false);
        if (subresource == "finalize")
        {
            // PUT namespaces/{name}/finalize: only spec.finalizers is taken from the body.
            var stored = await storage.GuaranteedUpdateAsync(r, ns, name, null, options with { Subresource = subresource }, current =>
            {
                current["spec"] = obj["spec"]?.DeepClone() ?? new JsonObject();
                return current;
            }, subresource).ConfigureAwait(false);
            await WriteObjectAsync(ctx, r, stored, 200).ConfigureAwait(false);
            return;
        }
        var updated = await storage.UpdateAsync(r, ns, name, obj, subresource, options).ConfigureAwait(false);
        await WriteObjectAsync(ctx, r, updated, 200).ConfigureAwait(false);
    }

    async Task PatchAsync(HttpContext ctx, ResourceDefinition r, string? ns, string name, string? subresource, RequestQuery q)
    {
        if (subresource is not (null or "status")) throw StatusError.MethodNotAllowedOnRoute();
        var contentType = ctx.Request.ContentType ?? "";
        var patchType = patches.Resolve(r, contentType);
        FieldManagerParameter.Validate("PatchOptions", q, patchType);
        var body = await ReadBodyAsync(ctx).ConfigureAwait(false);
        if (patchType == PatchType.Apply)
        {
            var (applied, created) = await apply.ApplyAsync(r, ns, name, subresource, q, FieldManagerParameter.Resolve(ctx, q), body)
                .ConfigureAwait(false);
            await WriteObjectAsync(ctx, r, applied, created ? 201 : 200).ConfigureAwait(false);
            return;
        }
        var options = WriteOptionsFor(ctx, q, subresource);
        var patched = await storage.GuaranteedUpdateAsync(r, ns, name, resourceVersionPrecondition: null, options, current =>
        {
            var result = patches.Apply(r, patchType, current, body);
            var rv = (string?)result["metadata"]?["resourceVersion"];
            var currentRv = (string?)current["metadata"]?["resourceVersion"];
            // A resourceVersion inside the patch is an optimistic-lock precondition.
            if (!string.IsNullOrEmpty(rv) && rv != currentRv) throw StatusError.Conflict(r, name, StatusError.OptimisticLockMessage);
            var (normalized, unknown) = ObjectDecoder.Normalize(r, result);
            ApplyFieldValidation(ctx, r, q, unknown);
            if (subresource == "status")
            {
                current["status"] = normalized["status"]?.DeepClone();
                return current;
            }
            if (r.HasStatus)
            {
                if (current["status"] is { } s) normalized["status"] = s.DeepClone(); else normalized.Remove("status");
            }
            return normalized;
        }, subresource).ConfigureAwait(false);
        await WriteObjectAsync(ctx, r, patched, 200).ConfigureAwait(false);
    }

    async Task DeleteAsync(HttpContext ctx, ResourceDefinition r, string? ns, string name, RequestQuery q)
    {
        var options = await ReadDeleteOptionsAsync(ctx, q).ConfigureAwait(false);
        var (obj, removed) = await storage.DeleteAsync(r, ns, name, options).ConfigureAwait(false);
        if (!removed || ReturnsDeletedObject(r))
        {
            await WriteObjectAsync(ctx, r, obj, 200).ConfigureAwait(false);
            return;
        }
        var details = new JsonObject { ["name"] = name };
        if (r.Group.Length > 0) details["group"] = r.Group;
        details["kind"] = r.Plural;
        details["uid"] = (string?)obj.ToJsonObject()["metadata"]?["uid"];
        var status = new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["details"] = details,
        };
        await WriteJsonAsync(ctx, 200, JsonSerializer.SerializeToUtf8Bytes(status)).ConfigureAwait(false);
    }

    /// <summary>kube-apiserver returns the deleted object for pods and custom resources, a Success Status for most others.</summary>
    static bool ReturnsDeletedObject(ResourceDefinition r) => r.ModelType is null || r.Plural is "pods" or "services" or "namespaces";

    async Task DeleteCollectionAsync(HttpContext ctx, ResourceDefinition r, string? ns, RequestQuery q)
    {
        var options = await ReadDeleteOptionsAsync(ctx, q).ConfigureAwait(false);
        var filter = filters.Create(r, ns, q);
        var deleted = new List<StoredObject>();
        foreach (var item in storage.Store.Current.Bucket(r.Bucket).Values.Where(filter.Matches).ToList())
        {
            try
            {
                var (obj, _) = await storage.DeleteAsync(r, item.Attributes.Namespace.Length == 0 ? null : item.Attributes.Namespace,
                    item.Attributes.Name, options).ConfigureAwait(false);
                deleted.Add(obj);
            }
            catch (StatusError e) when (e.Code == 404)
            {
                // Deleted by someone else meanwhile: that is what we wanted.
            }
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", r.ListKind);
            w.WriteString("apiVersion", r.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", storage.Store.CurrentRevision.ToString());
            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var d in deleted) w.WriteRawValue(d.Value, true);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        await WriteJsonAsync(ctx, 200, buffer.WrittenMemory).ConfigureAwait(false);
    }

    async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext ctx, RequestQuery q)
    {
        var body = await ReadBodyAsync(ctx).ConfigureAwait(false);
        var fromQuery = new DeleteOptions(q.GracePeriodSeconds, PropagationPolicy: q.PropagationPolicy, DryRun: q.DryRun)
        {
            Warn = message => Warnings.Add(ctx, message),
        };
        if (body.Length == 0) return DeleteOptionsDecoder.Decode(null, fromQuery);
        // A field of the wrong JSON type makes the decoder's casts throw InvalidOperationException (or FormatException for
        // numbers out of range): like malformed JSON, that is a bad request, never a server error.
        try
        {
            // Go typed clients send DeleteOptions as protobuf, tagged with the apiVersion of the resource they delete.
            var o = KubernetesProtobuf.IsMediaType(ctx.Request.ContentType)
                ? KubernetesProtobuf.Decode(body, "meta.k8s.io/v1", "DeleteOptions")
                : JsonNode.Parse(body) as JsonObject;
            return DeleteOptionsDecoder.Decode(o, fromQuery);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw StatusError.BadRequest($"error decoding DeleteOptions: {e.Message}");
        }
    }

    // ---- encoding -------------------------------------------------------------------------------------------------

    async Task<JsonObject> ReadObjectAsync(HttpContext ctx, ResourceDefinition r, RequestQuery q)
    {
        var contentType = ctx.Request.ContentType ?? "application/json";
        // Built-in kinds also take protobuf (kubectl create/run/expose send it); custom resources have no protobuf form.
        var protobuf = r.Custom is null && KubernetesProtobuf.IsMediaType(contentType);
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) &&
            !contentType.StartsWith("application/yaml", StringComparison.OrdinalIgnoreCase) && contentType != "*/*" && !protobuf)
            throw StatusError.UnsupportedMediaType(contentType,
                r.Custom is null ? ["application/json", "application/yaml", KubernetesProtobuf.MediaType] : ["application/json", "application/yaml"]);
        var body = await ReadBodyAsync(ctx).ConfigureAwait(false);
        var (obj, duplicates, scannedUnknown) = protobuf ? (KubernetesProtobuf.Decode(body, r), [], null)
            : contentType.StartsWith("application/yaml", StringComparison.OrdinalIgnoreCase) ? (YamlBody.ToJsonObject(r, body), [], null)
            : ObjectDecoder.ParseChecked(r, body);
        var (normalized, unknown) = ObjectDecoder.Normalize(r, obj, scannedUnknown);
        ApplyFieldValidation(ctx, r, q, [.. duplicates, .. unknown]);
        return normalized;
    }

    static void ApplyFieldValidation(HttpContext ctx, ResourceDefinition r, RequestQuery q, IReadOnlyList<string> unknown)
    {
        if (unknown.Count == 0 || q.FieldValidation == "Ignore") return;
        if (q.FieldValidation == "Strict")
            throw ObjectDecoder.CannotBeHandled(r, $"strict decoding error: {string.Join(", ", unknown)}");
        foreach (var u in unknown) Warnings.Add(ctx, u);
    }

    static async Task<byte[]> ReadBodyAsync(HttpContext ctx)
    {
        using var ms = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(buffer, ctx.RequestAborted).ConfigureAwait(false)) > 0)
            {
                ms.Write(buffer, 0, read);
                if (ms.Length > MaxBodyBytes) throw StatusError.RequestEntityTooLarge($"limit is {MaxBodyBytes}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return ms.ToArray();
    }

    async Task WriteObjectAsync(HttpContext ctx, ResourceDefinition r, StoredObject obj, int code)
    {
        var format = ResponseFormats.Negotiate(ctx.Request.Headers.Accept, isList: false);
        switch (format)
        {
            case ResponseFormat.Table:
                var table = tables.RenderObject(r, VersionConverter.InServedVersion(obj.ToJsonObject(), r),
                    ctx.Request.Query["includeObject"].ToString() is { Length: > 0 } io ? io : null, includeColumns: true);
                await WriteJsonAsync(ctx, code, JsonSerializer.SerializeToUtf8Bytes(table), ResponseFormats.TableContentType).ConfigureAwait(false);
                return;
            case ResponseFormat.PartialObjectMetadata:
                await WriteJsonAsync(ctx, code, JsonSerializer.SerializeToUtf8Bytes(PartialObjectMetadata(obj.ToJsonObject())),
                    ResponseFormats.PartialObjectMetadataContentType).ConfigureAwait(false);
                return;
            default:
                await WriteJsonAsync(ctx, code, await storage.Conversion.EncodeAsync(obj, r).ConfigureAwait(false)).ConfigureAwait(false);
                return;
        }
    }

    public static JsonObject PartialObjectMetadata(JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };

    /// <summary>The answer to a POST on a subresource that creates nothing to return (binding, eviction): a Success Status, 201.</summary>
    public static Task WriteCreatedStatusAsync(HttpContext ctx)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 201,
        };
        return WriteJsonAsync(ctx, 201, JsonSerializer.SerializeToUtf8Bytes(status));
    }

    public static async Task WriteJsonAsync(HttpContext ctx, int code, ReadOnlyMemory<byte> body, string contentType = "application/json")
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
    }
}
