using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// The command line of a process-backed container. Coxswain's image has the <c>coxswain</c> CLI as its entrypoint and no
/// default arguments, so <c>args</c> are the CLI's arguments (<c>["manager", "--leader-elect"]</c> runs
/// <c>coxswain manager --leader-elect</c>); a <c>command</c> must name that entrypoint (<c>coxswain</c>, or a path ending in
/// it), its other elements coming before <c>args</c>. <c>$(VAR)</c> references are expanded from the container's env.
/// </summary>
public static class ContainerCommandLine
{
    public const string Entrypoint = "coxswain";

    /// <returns>The arguments for the CLI, or the runtime's error when the command is not in the image.</returns>
    public static (IReadOnlyList<string>? Arguments, string? Error) For(JsonObject container, IReadOnlyList<KeyValuePair<string, string>> env)
    {
        var variables = env.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        string Expand(string s) => VariableExpansion.Expand(s, n => variables.GetValueOrDefault(n));
        var command = container.Arr("command").Strings().Select(s => Expand(s.Value)).ToList();
        var args = container.Arr("args").Strings().Select(s => Expand(s.Value)).ToList();
        if (command.Count == 0) return (args, null);
        var executable = command[0];
        if (IsEntrypoint(executable)) return ([.. command.Skip(1), .. args], null);
        return (null, "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: " +
                      $"unable to start container process: error during container init: {NotFoundReason(executable)}: unknown");
    }

    /// <summary>Whether <paramref name="executable"/> names the image's one program.</summary>
    public static bool IsEntrypoint(string executable) =>
        executable == Entrypoint || executable.EndsWith("/" + Entrypoint, StringComparison.Ordinal);

    /// <summary>What runc reports for an executable the image does not have.</summary>
    public static string NotFoundReason(string executable) => executable.Contains('/')
        ? $"exec: \"{executable}\": stat {executable}: no such file or directory"
        : $"exec: \"{executable}\": executable file not found in $PATH";
}
