using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// Runs a command "in" a process-backed container, as the container runtime's <c>ExecSync</c> does for an exec probe: a
/// child process with the container's environment and working directory, its stdout and stderr combined (at most the
/// kubelet's 10 KiB), ended when <c>timeoutSeconds</c> runs out. Coxswain's image holds only the <c>coxswain</c> CLI, so
/// the command is resolved as the container's own command is (<see cref="ContainerCommandLine"/>): <c>coxswain</c> (or a
/// path ending in it) runs the CLI, anything else is not in the image and fails as runc reports it.
/// </summary>
public sealed class ContainerExec(ProcessRuntime runtime, IReadOnlyList<KeyValuePair<string, string>> environment, string workingDirectory)
{
    /// <summary>The kubelet's <c>maxReadLength</c> for probe output.</summary>
    public const int MaxOutputLength = 10 * 1024;

    /// <summary>
    /// The exec probe's verdict (<c>execProber.Probe</c>): exit code 0 succeeds, another fails with the output, a timeout
    /// fails with <c>command "…" timed out</c>; a command that cannot start is an error (the probe "errored").
    /// </summary>
    public async Task<ProbeResult> ProbeAsync(JsonObject container, JsonObject exec, TimeSpan timeout, CancellationToken ct)
    {
        var command = ExpandStatic(exec.Arr("command").Strings().Select(s => s.Value).ToList(), container);
        var executable = command.FirstOrDefault() ?? "";
        if (!ContainerCommandLine.IsEntrypoint(executable)) return NotInImage(executable);

        var info = ContainerProcess.StartInfo(runtime.Command, command.Skip(1), environment, workingDirectory);

        Process process;
        try
        {
            process = runtime.Launcher.Start(info);
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException)
        {
            return NotInImage(runtime.Command.FileName);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = new StringBuilder();
            var stdout = Pump(process.StandardOutput, output);
            var stderr = Pump(process.StandardError, output);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                return new ProbeResult(false, $"command {GoText.Quote(string.Join(' ', command))} timed out");
            }
            catch (TimeoutException)
            {
                // A child the command left behind holds the pipes open; what was read is the output.
            }

            string text;
            lock (output) text = output.ToString();
            return new ProbeResult(process.ExitCode == 0, text);
        }
    }

    /// <summary><c>ExpandContainerCommandOnlyStatic</c>: <c>$(VAR)</c> from the container's literal env values only.</summary>
    static List<string> ExpandStatic(List<string> command, JsonObject container)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, env) in container.Arr("env").Objects()) values[env.StrOrEmpty("name")] = env.StrOrEmpty("value");
        return command.Select(c => VariableExpansion.Expand(c, n => values.GetValueOrDefault(n))).ToList();
    }

    /// <summary>What containerd reports through the kubelet when the executable is not in the container.</summary>
    static ProbeResult NotInImage(string executable)
    {
        var execId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return new ProbeResult(false, "rpc error: code = Unknown desc = failed to exec in container: failed to start exec " +
                                      $"\"{execId}\": OCI runtime exec failed: exec failed: unable to start container process: {ContainerCommandLine.NotFoundReason(executable)}: unknown", Errored: true);
    }

    static async Task Pump(StreamReader reader, StringBuilder output)
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (output) output.Append(buffer, 0, Math.Min(read, Math.Max(0, MaxOutputLength - output.Length)));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke: the command is gone.
        }
    }

    static void Kill(Process process)
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
}
