using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.OpenApi;
using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// <c>/openapi/v2</c> (JSON, or protobuf for client-go) and <c>/openapi/v3</c> (index plus one document per group-version,
/// with kube-openapi's <c>?hash=</c> caching and redirects). Custom resources join and leave the documents as the
/// catalog changes, so <c>kubectl explain</c> and server-side field validation cover them.
/// </summary>
public sealed class OpenApiEndpoint : IOpenApiEndpoint
{
    readonly OpenApiDocuments docs;
    readonly ResourceCatalog catalog;
    readonly object gate = new();
    HashSet<ResourceDefinition> published;

    public OpenApiEndpoint(ResourceCatalog catalog, string gitVersion)
    {
        this.catalog = catalog;
        docs = new OpenApiDocuments(catalog.All.Where(r => !r.IsCustom),
            new OpenApiDocumentsOptions { Info = new OpenApiInfo("Kubernetes", gitVersion) });
        published = new HashSet<ResourceDefinition>();
        catalog.Changed += Sync;
        Sync();
    }

    void Sync()
    {
        lock (gate)
        {
            var current = catalog.All.Where(r => r.IsCustom).ToHashSet();
            foreach (var gone in published.Where(r => !current.Contains(r))) docs.Remove(gone);
            foreach (var added in current.Where(r => !published.Contains(r)))
                docs.Add(added, added.Custom!.Schema is { } schema ? JsonSchemaImporter.ImportResource(schema) : null);
            published = current;
        }
    }

    public async Task HandleAsync(HttpContext ctx, string path)
    {
        if (ctx.Request.Method is not ("GET" or "HEAD")) throw StatusError.NotFoundPath();
        if (path == "/openapi/v2")
        {
            var accept = ctx.Request.Headers.Accept.ToString();
            var wantsProtobuf = accept.Contains("protobuf", StringComparison.Ordinal) && accept.Contains("openapi.spec.v2", StringComparison.Ordinal);
            var content = wantsProtobuf ? docs.V2Protobuf : docs.V2Json;
            // kube-openapi answers with the dotted media type: Go's mime parser rejects the '@' form client-go sends.
            await WriteAsync(ctx, content, wantsProtobuf ? OpenApiMediaTypes.V2ProtobufLegacy : OpenApiMediaTypes.Json, immutable: false)
                .ConfigureAwait(false);
            return;
        }
        if (path is "/openapi/v3" or "/openapi/v3/")
        {
            await WriteAsync(ctx, docs.V3Index, OpenApiMediaTypes.Json, immutable: false).ConfigureAwait(false);
            return;
        }
        const string prefix = "/openapi/v3/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) throw StatusError.NotFoundPath();
        var key = path[prefix.Length..].TrimEnd('/');
        if (!docs.TryGetV3Document(key, out var doc)) throw StatusError.NotFoundPath();
        if (ctx.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.Ordinal))
            throw StatusError.NotAcceptable("only application/json is served for OpenAPI v3");
        var hash = ctx.Request.Query["hash"].ToString();
        if (hash.Length > 0 && hash != doc.ETag)
        {
            ctx.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            ctx.Response.Headers.Location = OpenApiDocuments.V3DocumentUrl(key, doc);
            return;
        }
        await WriteAsync(ctx, doc, OpenApiMediaTypes.Json, immutable: hash.Length > 0).ConfigureAwait(false);
    }

    static async Task WriteAsync(HttpContext ctx, OpenApiContent content, string contentType, bool immutable)
    {
        ctx.Response.Headers.ETag = content.QuotedETag;
        ctx.Response.Headers.Vary = "Accept";
        if (immutable)
        {
            ctx.Response.Headers.CacheControl = "public, immutable";
            ctx.Response.Headers.Expires = DateTimeOffset.UtcNow.AddYears(1).ToString("R");
        }
        else ctx.Response.Headers.CacheControl = "no-cache, private";
        if (ctx.Request.Headers.IfNoneMatch.ToString() == content.QuotedETag)
        {
            ctx.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        await ApiHandler.WriteJsonAsync(ctx, 200, content.Bytes, contentType).ConfigureAwait(false);
    }
}
