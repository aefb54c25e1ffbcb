using System.Diagnostics;
using System.Globalization;

namespace Coxswain.Bench.Support;

/// <summary>
/// Watch clients in a child process (this same program, started with <see cref="Command"/>), so that what watching costs
/// the clients is measured apart from what serving the watches costs the server: each is then a process of its own, as
/// real watchers are. The child opens the watches, says <c>ready</c>, and once every watch has seen the expected number of
/// events prints when each did (monotonic <see cref="Stopwatch"/> timestamps, comparable across processes on Linux) and
/// the CPU it spent meanwhile.
/// </summary>
public sealed class WatcherProcess : IAsyncDisposable
{
    public const string Command = "--watch-clients";
    const string TokenVariable = "COXSWAIN_BENCH_TOKEN";

    readonly Process process;

    WatcherProcess(Process process) => this.process = process;

    /// <summary>What the child reports: per watcher, when it had every event; and the child's CPU from ready to done.</summary>
    public sealed record Outcome(long[] ReachedAt, TimeSpan Cpu);

    /// <summary>Starts <paramref name="watchers"/> watches on our server's pods from <paramref name="fromRevision"/>; returns once all are open.</summary>
    public static async Task<WatcherProcess> StartAsync(BenchCluster cluster, string caFile, int watchers, long fromRevision, long events, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under `dotnet Coxswain.Bench.dll` the process is the dotnet host, which needs the assembly named again.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(WatcherProcess).Assembly.Location);
        foreach (var arg in new[] { Command, cluster.Server.BaseAddress.ToString(), caFile, Inv(watchers), Inv(fromRevision), Inv(events) })
            start.ArgumentList.Add(arg);
        start.Environment[TokenVariable] = cluster.Server.Token; // kept off the command line, where any user could read it
        // A profiler (dotnet-trace) launching this benchmark hands its diagnostic port down; the child must not take it.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the watcher process");
        var child = new WatcherProcess(process);
        var line = await process.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        if (line != "ready")
        {
            await child.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"watcher process failed to start: {line}");
        }
        return child;
    }

    /// <summary>Waits for the child to report that every watch saw every event.</summary>
    public async Task<Outcome> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var line = await process.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(timeout, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("watcher process ended without a result");
        var parts = line.Split(' ');
        if (parts[0] != "done") throw new InvalidOperationException($"watcher process: {line}");
        return new Outcome(parts[2..].Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray(),
            TimeSpan.FromTicks(long.Parse(parts[1], CultureInfo.InvariantCulture)));
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync().ConfigureAwait(false);
        process.Dispose();
    }

    /// <summary>The child's side: <c>--watch-clients baseUrl caFile watchers fromRevision events</c>.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (baseUrl, caFile) = (new Uri(args[0]), args[1]);
        var (watchers, from, events) = (int.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture),
            long.Parse(args[4], CultureInfo.InvariantCulture));
        using var client = BenchHttp.Create(baseUrl, http2: false, await File.ReadAllTextAsync(caFile).ConfigureAwait(false),
            Environment.GetEnvironmentVariable(TokenVariable));
        var watches = await Task.WhenAll(Enumerable.Range(0, watchers).Select(_ =>
            WatchStream.OpenAsync(client, KubeRequests.WatchPods(from), KubeRequests.WatchEventMarker, CancellationToken.None))).ConfigureAwait(false);
        var reached = watches.Select(w => w.WhenCountReaches(events)).ToArray();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Console.WriteLine("ready");
        var at = await Task.WhenAll(reached).ConfigureAwait(false);
        var spent = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"done {spent.Ticks} {string.Join(' ', at.Select(Inv))}");
        foreach (var w in watches) await w.DisposeAsync().ConfigureAwait(false);
        return 0;
    }

    static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
