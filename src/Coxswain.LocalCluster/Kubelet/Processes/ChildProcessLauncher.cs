using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// Starts container processes so that they die with the cluster even when it cannot stop them itself (killed with
/// SIGKILL, crashed): on Linux each child runs under <c>setpriv --pdeathsig KILL</c>, which asks the kernel to kill it when
/// its parent goes. The kernel takes the parent to be the thread that forked the child, so every child is started from
/// this launcher's one dedicated thread, which lives as long as the cluster; a thread-pool thread could retire and take
/// its children with it. Without setpriv children are started directly and only a normal stop ends them.
/// </summary>
public sealed class ChildProcessLauncher : IDisposable
{
    static readonly string? Setpriv = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists)
        : null;

    readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> requests = new();
    readonly Thread thread;

    public ChildProcessLauncher()
    {
        thread = new Thread(Run) { IsBackground = true, Name = "coxswain-process-launcher" };
        thread.Start();
    }

    /// <summary>Starts the process (blocking until it has been forked); throws as <see cref="Process.Start(ProcessStartInfo)"/> does.</summary>
    public Process Start(ProcessStartInfo info)
    {
        // setpriv reports an executable it cannot run only once it is the child: find out here, as a direct start would.
        if (Setpriv is not null && !IsExecutable(info.FileName))
            throw new Win32Exception(2, $"An error occurred trying to start process '{info.FileName}'. No such file or directory");
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        requests.Add((info, started));
        return started.Task.GetAwaiter().GetResult();
    }

    void Run()
    {
        foreach (var (info, started) in requests.GetConsumingEnumerable())
        {
            try
            {
                if (Setpriv is not null) WrapInSetpriv(info);
                started.TrySetResult(Process.Start(info) ?? throw new Win32Exception("the process did not start"));
            }
            catch (Exception e)
            {
                started.TrySetException(e);
            }
        }
    }

    /// <summary><c>setpriv --pdeathsig KILL -- program args...</c>: setpriv replaces itself with the program (same pid).</summary>
    static void WrapInSetpriv(ProcessStartInfo info)
    {
        var program = info.FileName;
        var arguments = info.ArgumentList.ToList();
        info.FileName = Setpriv!;
        info.ArgumentList.Clear();
        foreach (var a in (string[])["--pdeathsig", "KILL", "--", program, .. arguments]) info.ArgumentList.Add(a);
    }

    static bool IsExecutable(string fileName)
    {
        if (fileName.Contains('/')) return File.Exists(fileName);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, fileName)));
    }

    /// <summary>Ends the launcher thread (after every child has been stopped: its end would kill those left).</summary>
    public void Dispose()
    {
        requests.CompleteAdding();
        thread.Join(TimeSpan.FromSeconds(5));
        requests.Dispose();
    }
}
