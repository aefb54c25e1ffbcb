using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Coxswain.Kruise.Manager;
using Microsoft.Extensions.Hosting;

namespace Coxswain.Bench.Support;

/// <summary>
/// kruise-controller-manager as <c>coxswain manager</c> runs it (<see cref="KruiseManagerHost"/>: the CloneSet controller,
/// its informers, metrics, probes and webhook server), in a child process of its own (this program started with
/// <see cref="Command"/>) against the benchmark's API server. A process of its own, as in a real cluster, so that its
/// working set and GC heap are the manager's alone and can be read from its <c>/metrics</c> as a user reads them.
/// </summary>
public sealed class KruiseManagerProcess : IAsyncDisposable
{
    public const string Command = "--kruise-manager-child";

    readonly Process process;
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    KruiseManagerProcess(Process process, Uri metrics, Uri health)
    {
        this.process = process;
        MetricsAddress = metrics;
        HealthAddress = health;
    }

    public Uri MetricsAddress { get; }

    public Uri HealthAddress { get; }

    public int Workers { get; private init; }

    /// <summary>Where the manager's log went.</summary>
    public string LogPath { get; private init; } = "";

    /// <summary>Starts the manager and waits until <c>/readyz</c> reports its caches synced.</summary>
    public static async Task<KruiseManagerProcess> StartAsync(string kubeconfigPath, int workers, CancellationToken ct)
    {
        var (metricsPort, healthPort, webhookPort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(KruiseManagerProcess).Assembly.Location);
        foreach (var arg in new[] { Command, kubeconfigPath, Text(workers), Text(metricsPort), Text(healthPort), Text(webhookPort) })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        start.Environment["DOTNET_gcServer"] = "0"; // the manager as a container of the image runs it (ContainerProcess)
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the manager process");
        // The manager's log goes to a file, where a failed run can be read, rather than into the benchmark's output.
        var log = Path.Combine(Path.GetTempPath(), $"coxswain-bench-manager-{process.Id}.log");
        var writer = TextWriter.Synchronized(new StreamWriter(log) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var manager = new KruiseManagerProcess(process, new Uri($"http://127.0.0.1:{metricsPort}/metrics"), new Uri($"http://127.0.0.1:{healthPort}/readyz"))
        {
            Workers = workers,
            LogPath = log,
        };
        try
        {
            await manager.WaitReadyAsync(ct).ConfigureAwait(false);
            return manager;
        }
        catch
        {
            await manager.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    async Task WaitReadyAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the manager process exited with code {process.ExitCode}; see {LogPath}");
            try
            {
                using var response = await http.GetAsync(HealthAddress, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("the manager did not become ready within 2 minutes");
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    /// <summary>One scrape of the manager's <c>/metrics</c>.</summary>
    public async Task<PrometheusScrape> ScrapeAsync(CancellationToken ct) =>
        PrometheusScrape.Parse(await http.GetStringAsync(MetricsAddress, ct).ConfigureAwait(false));

    /// <summary>CPU the manager process has used so far.</summary>
    public TimeSpan TotalProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing its standard input is the child's signal to stop its host and exit.
        try
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            process.Kill(entireProcessTree: true);
        }
        process.Dispose();
        http.Dispose();
    }

    /// <summary>The child's side: <c>--kruise-manager-child kubeconfig workers metricsPort healthPort webhookPort</c>.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var options = new KruiseManagerOptions
        {
            Kubeconfig = args[0],
            CloneSetWorkers = int.Parse(args[1], CultureInfo.InvariantCulture),
            MetricsAddress = $"127.0.0.1:{args[2]}",
            HealthProbeAddress = $"127.0.0.1:{args[3]}",
            WebhookPort = int.Parse(args[4], CultureInfo.InvariantCulture),
            WebhookHost = "127.0.0.1",
            WebhookCertDir = Path.Combine(Path.GetTempPath(), $"coxswain-bench-webhook-{Environment.ProcessId}"),
            // One manager: nothing to elect, and no Lease renewals in the figures.
            EnableLeaderElection = false,
            // Warnings only: a log line per reconcile would cost the manager more than the reconcile.
            Verbosity = 0,
        };
        using var host = KruiseManagerHost.Build(options);
        using var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            await Console.In.ReadToEndAsync().ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
        });
        await host.RunAsync(stop.Token).ConfigureAwait(false);
        return 0;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
