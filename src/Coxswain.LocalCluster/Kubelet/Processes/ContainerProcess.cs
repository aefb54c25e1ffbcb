using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// One running instance of a process-backed container: a child process whose stdout and stderr lines are the instance's
/// log, which can be signalled (SIGTERM to stop it gracefully, SIGKILL to its whole process tree), and whose
/// <see cref="Exited"/> completes with the exit code once it has ended and its output is read. Safe to use from any thread.
/// </summary>
public sealed class ContainerProcess
{
    /// <summary>After the process ends, output its children still write is read this long at most.</summary>
    static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);

    readonly Process process;

    ContainerProcess(Process process, ContainerLog log, TimeProvider time)
    {
        this.process = process;
        Id = process.Id;
        var stdout = Pump(process.StandardOutput, log, time);
        var stderr = Pump(process.StandardError, log, time);
        Exited = WaitAsync(stdout, stderr);
    }

    public int Id { get; }

    /// <summary>The exit code once the process has exited (128 + N when killed by signal N, as container runtimes report).</summary>
    public Task<int> Exited { get; }

    /// <summary>Starts the process; throws <see cref="Win32Exception"/> (or IOException) when it cannot be started.</summary>
    public static ContainerProcess Start(ChildProcessLauncher launcher, ProcessCommand command, IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string>> environment, string workingDirectory, ContainerLog log, TimeProvider time)
    {
        var info = StartInfo(command, arguments, environment, workingDirectory);
        var process = launcher.Start(info);
        process.StandardInput.Close();
        return new ContainerProcess(process, log, time);
    }

    /// <summary>
    /// How a process of the image starts (a container's or one exec'd in it): the image's program with these arguments,
    /// only the container's environment (not the host's), stdin closed by the caller, stdout and stderr read as UTF-8.
    /// </summary>
    public static ProcessStartInfo StartInfo(ProcessCommand command, IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string>> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // a container without stdin: the process reads end of file at once
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in command.LeadingArguments) info.ArgumentList.Add(a);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment.Clear();
        foreach (var (name, value) in environment) info.Environment[name] = value;
        // The image is the coxswain binary, built for `coxswain up` with server GC (a heap per core, for the API server's
        // allocation rate); a container's process is a small controller or webhook, which workstation GC suits, unless
        // the container's own environment says otherwise.
        info.Environment.TryAdd("DOTNET_gcServer", "0");
        return info;
    }

    /// <summary>Sends a signal to the process itself (PID 1 of the container gets SIGTERM; its children do not).</summary>
    public void Signal(int signal)
    {
        if (!HasExited) _ = kill(Id, signal);
    }

    /// <summary>SIGKILL to the process and everything it started.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    public bool HasExited
    {
        get
        {
            try { return process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    async Task<int> WaitAsync(Task stdout, Task stderr)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        // The pipes close when the last writer does; a child the process left behind may keep them open.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(OutputDrainLimit)).ConfigureAwait(false);
        return process.ExitCode;
    }

    static async Task Pump(StreamReader reader, ContainerLog log, TimeProvider time)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line) log.Append(time.GetUtcNow(), line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke: the process is gone.
        }
    }

    // Process has no way to send a signal other than SIGKILL; a container's graceful stop needs SIGTERM.
    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);
}
