using System.Diagnostics;
using System.Text;

using Xunit;

namespace Coxswain.Testing;

/// <summary>What a command-line run ended with: exit code and everything it printed.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the real <c>kubectl</c> from PATH against one cluster: always with <c>--kubeconfig</c>, and with HOME and
/// KUBECACHEDIR pointing into a scratch directory so the discovery cache (and anything else kubectl keeps) is this run's own.
/// Every run has a deadline; a kubectl that hangs is killed and the test fails with what it printed so far.
/// </summary>
public sealed class Kubectl(string kubeconfigPath, string homeDirectory)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public async Task<KubectlResult> RunAsync(string[] args, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Start(args, redirectStdin: stdin is not null);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in time\n{await stdout}{await stderr}");
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    /// <summary>Runs kubectl and fails the test unless it exits 0; returns stdout.</summary>
    public Task<string> SucceedAsync(params string[] args) => SucceedAsync(args, stdin: null);

    /// <summary>As <see cref="SucceedAsync(string[])"/>, feeding <paramref name="stdin"/> (for <c>-f -</c>) or waiting longer.</summary>
    public async Task<string> SucceedAsync(string[] args, string? stdin = null, TimeSpan? timeout = null)
    {
        var result = await RunAsync(args, stdin, timeout);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    /// <summary>Starts a long-running kubectl (e.g. <c>get -w</c>) whose output is read while it runs.</summary>
    public StreamingKubectl StartStreaming(params string[] args) => new(Start(args, redirectStdin: false));

    /// <summary>As <see cref="StartStreaming(string[])"/>, with extra environment variables (kubectl's feature switches).</summary>
    public StreamingKubectl StartStreaming(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        new(Start(args, redirectStdin: false, environment));

    Process Start(string[] args, bool redirectStdin, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfigPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["HOME"] = homeDirectory;
        info.Environment["KUBECACHEDIR"] = Path.Combine(homeDirectory, ".kube", "cache");
        info.Environment.Remove("KUBECONFIG");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException("could not start kubectl");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is not on PATH (.ci/run installs it through the system package manager)", e);
        }
    }
}

/// <summary>A running kubectl whose stdout lines are collected as they arrive; disposing kills it.</summary>
public sealed class StreamingKubectl : IDisposable
{
    readonly Process process;
    readonly List<string> lines = new();
    readonly StringBuilder stderr = new();
    readonly SemaphoreSlim arrived = new(0);

    internal StreamingKubectl(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            arrived.Release();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Stderr
    {
        get { lock (stderr) return stderr.ToString(); }
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (lines) return lines.ToList(); }
    }

    /// <summary>Waits until some output line satisfies <paramref name="match"/>; returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Kubectl.DefaultTimeout);
        while (true)
        {
            var found = Lines.FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || process.HasExited && !await arrived.WaitAsync(100))
            {
                string err;
                lock (stderr) err = stderr.ToString();
                throw new TimeoutException($"no matching line from kubectl; got:\n{string.Join('\n', Lines)}\nstderr:\n{err}");
            }
            await arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        process.Dispose();
        arrived.Dispose();
    }
}
