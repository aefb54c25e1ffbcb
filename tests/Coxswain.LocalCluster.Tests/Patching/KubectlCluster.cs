using System.Diagnostics;
using System.Net.Http.Headers;
using Coxswain.LocalCluster.Server;

namespace Coxswain.LocalCluster.Tests.Patching;

/// <summary>
/// An in-process local cluster (in memory, on a free port) and the real kubectl pointed at it. kubectl runs with a
/// 30-second timeout, so a hung kubectl fails the test instead of the run, and with a HOME per test instance (kubectl
/// caches discovery there; xunit makes a test class instance per test).
/// </summary>
public sealed class KubectlCluster : IAsyncLifetime
{
    readonly string dataDir = Path.Combine(Path.GetTempPath(), "coxswain-kubectl-" + Guid.NewGuid().ToString("N"));
    LocalApiServer? server;

    public LocalApiServer Server => server ?? throw new InvalidOperationException("the cluster is not started");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataDir);
        server = await LocalApiServer.StartAsync(new LocalClusterOptions { DataDir = dataDir, Port = 0, InMemory = true, Nodes = 0 });
    }

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    /// <summary>A fresh HOME for one test's kubectl runs.</summary>
    public string NewHome()
    {
        var home = Path.Combine(dataDir, "home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        return home;
    }

    /// <summary>Runs <c>timeout 30 kubectl args…</c>, feeding <paramref name="stdin"/> when given (for <c>-f -</c>).</summary>
    public async Task<Result> Kubectl(string home, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("timeout", ["30", "kubectl", .. args])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["HOME"] = home;
        start.Environment["KUBECONFIG"] = Server.KubeconfigPath;
        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>kubectl that must succeed; returns its stdout.</summary>
    public async Task<string> Ok(string home, string? stdin, params string[] args)
    {
        var result = await Kubectl(home, stdin, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(" ", args)} failed: {result}");
        return result.Stdout;
    }

    /// <summary>An HTTP client for raw API requests, authenticated like kubectl and trusting the cluster's CA.</summary>
    public HttpClient Http()
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, _, _, _) => true, // loopback test cluster with its own CA
        };
        var client = new HttpClient(handler) { BaseAddress = Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.Token);
        return client;
    }
}
