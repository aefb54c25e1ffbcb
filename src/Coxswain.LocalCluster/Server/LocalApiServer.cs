// STUB, to be replaced by the real LocalApiServer. It only shows how the startup pieces fit together
// (lock, PKI, token, Kestrel over TLS, kubeconfig) and serves nothing but /healthz.
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Server;

public sealed class LocalClusterOptions
{
    public string DataDir { get; set; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".coxswain");
    public int Port { get; set; } = 6443;
    public string Address { get; set; } = "127.0.0.1";
    public bool InMemory { get; set; }
}

public sealed class LocalApiServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ClusterCertificates _certificates;
    readonly DataDirectoryLock _lock;

    public Uri BaseAddress { get; }
    public string KubeconfigPath { get; }
    public Task Completion { get; }

    LocalApiServer(WebApplication app, ClusterCertificates certificates, DataDirectoryLock dataLock, Uri baseAddress, string kubeconfigPath)
    {
        _app = app;
        _certificates = certificates;
        _lock = dataLock;
        BaseAddress = baseAddress;
        KubeconfigPath = kubeconfigPath;
        Completion = app.WaitForShutdownAsync();
    }

    public static async Task<LocalApiServer> StartAsync(
        LocalClusterOptions options, ILoggerFactory? loggerFactory = null, CancellationToken ct = default)
    {
        var dataLock = DataDirectoryLock.Acquire(options.DataDir);
        ClusterCertificates? certificates = null;
        try
        {
            certificates = ClusterCertificates.LoadOrCreate(options.DataDir, [options.Address]);
            var token = AccessToken.LoadOrCreate(options.DataDir);

            var builder = WebApplication.CreateSlimBuilder();
            if (loggerFactory is not null) builder.Services.AddSingleton(loggerFactory);
            var serving = certificates.ServingCertificate;
            builder.WebHost.UseKestrel(kestrel =>
                kestrel.Listen(IPAddress.Parse(options.Address), options.Port, listen => listen.UseHttps(serving)));
            var app = builder.Build();
            app.Use(next => context =>
            {
                if (token.IsPresentedIn(context.Request.Headers.Authorization)) return next(context);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            });
            app.MapGet("/healthz", () => "ok");
            await app.StartAsync(ct);

            // Port 0 means "any free port": the kubeconfig must name the one actually bound.
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var baseAddress = new UriBuilder("https", options.Address, bound.Port).Uri;
            var kubeconfig = KubeconfigWriter.Write(options.DataDir, baseAddress, certificates.AuthorityPem, token);
            return new LocalApiServer(app, certificates, dataLock, baseAddress, kubeconfig);
        }
        catch
        {
            certificates?.Dispose();
            dataLock.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificates.Dispose();
        _lock.Dispose();
    }
}
