// TEMPORARY: replaced by the openapi branch.
using Microsoft.AspNetCore.Http;
namespace Coxswain.LocalCluster.Http;
public sealed class PlaceholderOpenApi : IOpenApiEndpoint
{
    public async Task HandleAsync(HttpContext ctx, string path)
    {
        if (path == "/openapi/v2")
        {
            var proto = ctx.Request.Headers.Accept.ToString().Contains("protobuf");
            ctx.Response.ContentType = proto ? "application/com.github.proto-openapi.spec.v2.v1.0+protobuf" : "application/json";
            if (!proto) await ctx.Response.WriteAsync("{\"swagger\":\"2.0\",\"info\":{\"title\":\"Kubernetes\",\"version\":\"v1.32.0\"},\"paths\":{},\"definitions\":{}}");
            return;
        }
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync("{\"paths\":{}}");
    }
}
