using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Coxswain.Bench.Support;

/// <summary>
/// A single-member etcd (Debian's <c>etcd-server</c> package) on loopback over a throwaway data directory: the storage
/// kube-apiserver sits on, started for a baseline and stopped afterwards. Installs the package with apt-get when missing.
/// </summary>
public sealed class EtcdServer : IAsyncDisposable
{
    const string Binary = "etcd";
    readonly Process process;
    readonly TempDirectory dataDir;
    readonly Queue<string> lastOutput = new();

    EtcdServer(Process process, TempDirectory dataDir, Uri clientUrl, string version)
    {
        this.process = process;
        this.dataDir = dataDir;
        ClientUrl = clientUrl;
        Version = version;
    }

    public Uri ClientUrl { get; }

    /// <summary>The running etcd, for measuring its CPU time.</summary>
    public Process Process => process;

    /// <summary>"3.4.23": Debian bookworm's etcd, whose JSON gateway answers under <c>/v3/</c>.</summary>
    public string Version { get; }

    /// <summary>
    /// Makes sure an etcd binary is on PATH, installing Debian's package if not (the benchmark machine is a Debian image
    /// where we are root). Returns why it could not, or null when etcd is there.
    /// </summary>
    public static string? EnsureInstalled(Action<string> log)
    {
        if (FindOnPath(Binary) is not null) return null;
        log("etcd not found: installing Debian's etcd-server with apt-get");
        if (Run("apt-get", "install -y etcd-server") != 0)
        {
            // A fresh image has no package lists yet.
            Run("apt-get", "update");
            if (Run("apt-get", "install -y etcd-server") != 0) return "apt-get install -y etcd-server failed";
        }
        return FindOnPath(Binary) is null ? "etcd-server installed but no etcd on PATH" : null;
    }

    public static async Task<EtcdServer> StartAsync(CancellationToken ct)
    {
        var dataDir = new TempDirectory("etcd");
        int clientPort = FreePort(), peerPort = FreePort();
        var clientUrl = $"http://127.0.0.1:{clientPort}";
        var peerUrl = $"http://127.0.0.1:{peerPort}";
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--name", "bench", "--data-dir", Path.Combine(dataDir.Path, "data"),
                     "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                     "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                     "--initial-cluster", $"bench={peerUrl}", "--logger", "zap", "--log-level", "warn",
                 })
            start.ArgumentList.Add(arg);

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start etcd");
        var server = new EtcdServer(process, dataDir, new Uri(clientUrl), ReadVersion());
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthyAsync(ct).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    async Task WaitHealthyAsync(CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = ClientUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited) break;
            try
            {
                if ((await client.GetStringAsync("/health", ct).ConfigureAwait(false)).Contains("\"true\"", StringComparison.Ordinal)) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        string output;
        lock (lastOutput) output = string.Join("\n", lastOutput);
        throw new InvalidOperationException($"etcd did not become healthy:\n{output}");
    }

    void Remember(string? line)
    {
        if (line is null) return;
        lock (lastOutput)
        {
            lastOutput.Enqueue(line);
            if (lastOutput.Count > 20) lastOutput.Dequeue();
        }
    }

    static string ReadVersion()
    {
        using var p = Process.Start(new ProcessStartInfo(Binary, "--version") { RedirectStandardOutput = true })!;
        var first = p.StandardOutput.ReadLine() ?? "";
        p.WaitForExit();
        return first.Replace("etcd Version:", "", StringComparison.Ordinal).Trim();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    static int Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        try
        {
            using var p = Process.Start(start)!;
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // no apt-get on this machine
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        process.Dispose();
        dataDir.Dispose();
    }
}
