using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Hosting;

/// <summary>
/// A small Kestrel server on one address — plain HTTP, as controller-runtime's probe and metrics servers, or HTTPS for
/// webhooks — independent of any web application the host may also run, so the manager works the same in a console host.
/// </summary>
internal sealed class HttpEndpointServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpEndpointServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address actually bound (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    public static async Task<HttpEndpointServer> StartAsync(
        BindAddress bind, Action<IEndpointRouteBuilder> mapRoutes, ILoggerFactory loggerFactory, CancellationToken cancellationToken,
        Func<X509Certificate2?>? serverCertificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        // The manager's host owns signals and lifetime; this server only starts and stops with it.
        builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        builder.WebHost.UseKestrel(kestrel =>
        {
            void Configure(ListenOptions listen)
            {
                if (serverCertificate is not null)
                {
                    // Asked on every handshake, so a rotated certificate is served without a restart.
                    listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => serverCertificate());
                }
            }

            if (bind.Ip is { } ip)
            {
                kestrel.Listen(ip, bind.Port, Configure);
            }
            else
            {
                kestrel.ListenAnyIP(bind.Port, Configure);
            }
        });
        var app = builder.Build();
        mapRoutes(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = bind.Ip is null || bind.Ip.Equals(IPAddress.Any) || bind.Ip.Equals(IPAddress.IPv6Any) ? "localhost" : bound.Host;
        return new HttpEndpointServer(app, new UriBuilder(serverCertificate is null ? "http" : "https", host, bound.Port).Uri);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class NoSignalsLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
