using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Tests.Admission;

/// <summary>
/// A real HTTPS admission webhook server for tests: Kestrel on 127.0.0.1, serving certificates issued by its own CA for
/// whatever host name the client asks for (SNI), so any <c>{service}.{namespace}.svc</c> verifies against <see cref="CaBundle"/>.
/// Each test registers a handler under its own path and can inspect the AdmissionReview requests that arrived there.
/// </summary>
public sealed class WebhookTestServer : IAsyncDisposable
{
    readonly WebApplication app;
    readonly CertificateAuthority authority;
    readonly ConcurrentDictionary<string, X509Certificate2> certificates = new();
    readonly ConcurrentDictionary<string, Func<JsonObject, Task<JsonObject>>> handlers = new();
    readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> received = new();

    public int Port { get; }

    /// <summary>The CA that issued the serving certificates, as a webhook clientConfig.caBundle wants it (PEM bytes).</summary>
    public byte[] CaBundle { get; }

    WebhookTestServer(WebApplication app, CertificateAuthority authority, int port)
    {
        this.app = app;
        this.authority = authority;
        Port = port;
        CaBundle = System.Text.Encoding.UTF8.GetBytes(authority.CertificatePem);
    }

    public static async Task<WebhookTestServer> StartAsync()
    {
        var authority = CertificateAuthority.Create("webhook-test-ca", TimeSpan.FromDays(1));
        WebhookTestServer? server = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            listen.UseHttps(https => https.ServerCertificateSelector = (_, host) => server!.CertificateFor(string.IsNullOrEmpty(host) ? "127.0.0.1" : host))));
        var app = builder.Build();
        app.Run(ctx => server!.HandleAsync(ctx));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        server = new WebhookTestServer(app, authority, port);
        return server;
    }

    /// <summary>The host names that get a certificate for <see cref="WrongHost"/> instead of their own start with this.</summary>
    public const string MisnamedPrefix = "misnamed-";
    public const string WrongHost = "somewhere-else.example";

    X509Certificate2 CertificateFor(string host) => certificates.GetOrAdd(host, h =>
    {
        var names = h.StartsWith(MisnamedPrefix, StringComparison.Ordinal) ? WrongHost : h;
        using var issued = authority.IssueServingCertificate(names, [names], TimeSpan.FromDays(1));
        return TlsServerCertificate.ForSslStream(issued);
    });

    /// <summary>Serves <paramref name="path"/> with <paramref name="handler"/>: AdmissionReview request in, response object (the <c>response</c> field) out.</summary>
    public void Handle(string path, Func<JsonObject, JsonObject> handler) => handlers[path] = review => Task.FromResult(handler(review));

    public void HandleAsync(string path, Func<JsonObject, Task<JsonObject>> handler) => handlers[path] = handler;

    /// <summary>The AdmissionReview requests received on <paramref name="path"/>, oldest first.</summary>
    public IReadOnlyList<JsonObject> Received(string path) => received.TryGetValue(path, out var q) ? q.ToList() : [];

    async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (!handlers.TryGetValue(path, out var handler))
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        var review = (JsonObject)(await JsonNode.ParseAsync(ctx.Request.Body))!;
        review["query"] = ctx.Request.QueryString.Value; // for tests that look at ?timeout=
        review["host"] = ctx.Request.Host.Value;
        received.GetOrAdd(path, _ => new()).Enqueue(review);
        var answer = await handler(review);
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(answer.ToJsonString());
    }

    // ---- answers ----------------------------------------------------------------------------------------------------

    static JsonObject Review(JsonObject request, JsonObject response)
    {
        response["uid"] = (string?)request["request"]!["uid"];
        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response };
    }

    public static JsonObject Allow(JsonObject request, params string[] warnings)
    {
        var response = new JsonObject { ["allowed"] = true };
        if (warnings.Length > 0) response["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)w).ToArray());
        return Review(request, response);
    }

    public static JsonObject Deny(JsonObject request, string message, int? code = null)
    {
        var status = new JsonObject { ["message"] = message };
        if (code is { } c) status["code"] = c;
        return Review(request, new JsonObject { ["allowed"] = false, ["status"] = status });
    }

    /// <summary>Allows with a JSON Patch (RFC 6902 operations as JSON text).</summary>
    public static JsonObject Patch(JsonObject request, string operations) => Review(request, new JsonObject
    {
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(operations)),
    });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        foreach (var certificate in certificates.Values) certificate.Dispose();
        authority.Dispose();
    }
}
