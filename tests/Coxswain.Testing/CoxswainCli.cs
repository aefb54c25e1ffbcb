using System.Diagnostics;
using System.Text;

namespace Coxswain.Testing;

/// <summary>Runs the <c>coxswain</c> CLI built next to the test assembly, as a user runs it, with a deadline.</summary>
public static class CoxswainCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The CLI's entry assembly, copied into the test's output by its project reference.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "coxswain.dll");

    /// <summary>Runs a command to completion.</summary>
    public static async Task<KubectlResult> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"coxswain {string.Join(' ', args)} did not finish in time\n{await stdout}{await stderr}");
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running command (e.g. <c>manager</c>); disposing the handle kills it if still running.</summary>
    public static RunningCommand Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts a long-running command with extra environment variables.</summary>
    public static RunningCommand Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = StartInfo(args);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return new(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    static ProcessStartInfo StartInfo(string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(AssemblyPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("KUBECONFIG");
        return info;
    }
}

/// <summary>A running CLI process whose output is collected as it arrives.</summary>
public sealed class RunningCommand : IDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    internal RunningCommand(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Standard output and error so far, interleaved as they arrived.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public bool HasExited => process.HasExited;

    /// <summary>Sends SIGTERM (what the kubelet sends first) and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }
}
