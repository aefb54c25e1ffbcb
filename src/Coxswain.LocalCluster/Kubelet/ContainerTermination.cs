using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>How a container instance ended: <c>state.terminated</c> or <c>lastState.terminated</c> in its status.</summary>
public sealed record ContainerTermination(int ExitCode, string Reason, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string ContainerId)
{
    public const string Completed = "Completed";
    public const string Error = "Error";

    /// <summary>Containerd's reason: Completed for exit code 0, Error otherwise.</summary>
    public static string ReasonFor(int exitCode) => exitCode == 0 ? Completed : Error;

    public JsonObject ToJson() => new()
    {
        ["exitCode"] = ExitCode,
        ["reason"] = Reason,
        ["startedAt"] = KubeTime.Format(StartedAt),
        ["finishedAt"] = KubeTime.Format(FinishedAt),
        ["containerID"] = ContainerId,
    };
}
