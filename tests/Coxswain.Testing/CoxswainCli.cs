using System.Diagnostics;
using System.Text;

namespace Coxswain.Testing;

/// <summary>Runs the <c>coxswain</c> CLI built next to the test assembly, as a user runs it, with a deadline.</summary>
public static class CoxswainCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The CLI's entry assembly, copied into the test's output by its project reference.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "coxswain.dll");

    public static async Task<KubectlResult> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(AssemblyPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
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
}
