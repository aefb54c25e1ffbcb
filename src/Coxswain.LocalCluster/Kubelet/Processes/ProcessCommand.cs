using System.Reflection;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// How to start the program behind Coxswain's own image: an executable and the arguments that come before the container's
/// (for a framework-dependent build that is <c>dotnet exec Coxswain.dll</c>).
/// </summary>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>
    /// The program this process is running: its apphost or single-file executable as is, or, when it runs under the
    /// <c>dotnet</c> muxer, <c>dotnet exec &lt;entry assembly&gt;</c>. Inside <c>coxswain up</c> that is the coxswain CLI itself.
    /// </summary>
    public static ProcessCommand CurrentProcess()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running executable is unknown");
        var isMuxer = Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        if (!isMuxer) return new ProcessCommand(path, []);
        // Under the muxer the entry assembly is the program; a single-file build has no location and never runs this way.
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(entry)) throw new InvalidOperationException("the entry assembly of the running dotnet program is unknown");
        return new ProcessCommand(path, ["exec", entry]);
    }

    /// <summary><c>dotnet exec &lt;assembly&gt;</c> with the muxer that runs this process (or the one on PATH): for test programs.</summary>
    public static ProcessCommand DotnetAssembly(string assemblyPath)
    {
        var muxer = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return new ProcessCommand(muxer, ["exec", assemblyPath]);
    }
}
