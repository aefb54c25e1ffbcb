using System.Diagnostics;
using System.Net.Http.Headers;
using Coxswain.LocalCluster.Server;
using Coxswain.LocalCluster.Tests.Server;

namespace Coxswain.LocalCluster.Tests.Protobuf;

/// <summary>One in-process local cluster for the protobuf end-to-end tests, with a kubectl runner and an HTTP client.</summary>
public sealed class ProtobufServerFixture : IAsyncLifetime
{
    readonly TemporaryDirectory directory = new();

    public LocalApiServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LocalApiServer.StartAsync(new LocalClusterOptions { DataDir = directory.File("data"), Port = 0, InMemory = true });
        // Test-only: the cluster's CA is freshly made, and the client just needs to reach it.
        Http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
        {
            BaseAddress = Server.BaseAddress,
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.Token);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        directory.Dispose();
    }

    /// <summary>A fresh HOME for one test's kubectl runs: kubectl caches discovery there.</summary>
    public string NewHome()
    {
        var home = directory.File("home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        return home;
    }

    /// <summary>Runs the real kubectl against the cluster, bounded by timeout(1).</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(string home, params string[] args)
    {
        var start = new ProcessStartInfo("timeout") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["30", "kubectl", "--kubeconfig", Server.KubeconfigPath, .. args]) start.ArgumentList.Add(arg);
        start.Environment["HOME"] = home;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
