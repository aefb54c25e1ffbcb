using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coxswain.Bench.Admission;

/// <summary>
/// A Kestrel HTTPS server on loopback with three endpoints: <c>/mutate</c> (adds a label by JSON patch), <c>/validate</c>
/// (allows) and <c>/noop</c> (answers 200 without reading anything: the floor a webhook call is compared with).
/// </summary>
sealed class LoopbackWebhookServer : IAsyncDisposable
{
    static readonly byte[] LabelPatch = Encoding.UTF8.GetBytes("""[{"op":"add","path":"/metadata/labels","value":{"mutated":"yes"}}]""");

    readonly WebApplication app;
    readonly CertificateAuthority authority;

    public int Port { get; }
    public byte[] CaBundle => Encoding.UTF8.GetBytes(authority.CertificatePem);

    LoopbackWebhookServer(WebApplication app, CertificateAuthority authority, int port)
    {
        this.app = app;
        this.authority = authority;
        Port = port;
    }

    public static async Task<LoopbackWebhookServer> StartAsync(params string[] hostNames)
    {
        var authority = CertificateAuthority.Create("bench-webhook-ca", TimeSpan.FromDays(1));
        using var issued = authority.IssueServingCertificate(hostNames[0], hostNames, TimeSpan.FromDays(1));
        var certificate = TlsServerCertificate.ForSslStream(issued);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return new LoopbackWebhookServer(app, authority, port);
    }

    static async Task HandleAsync(HttpContext ctx)
    {
        if (ctx.Request.Path == "/noop")
        {
            ctx.Response.StatusCode = 200;
            return;
        }
        var review = (await JsonNode.ParseAsync(ctx.Request.Body))!;
        var response = new JsonObject { ["uid"] = (string?)review["request"]!["uid"], ["allowed"] = true };
        if (ctx.Request.Path == "/mutate")
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = Convert.ToBase64String(LabelPatch);
        }
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response,
        }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        authority.Dispose();
    }
}
