using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>How a container instance ended: <c>state.terminated</c> or <c>lastState.terminated</c> in its status.</summary>
public sealed record ContainerTermination(int ExitCode, string Reason, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string ContainerId,
    string? Message = null)
{
    /// <summary>The runtime could not start the process (exit code 128).</summary>
    public const string StartError = "StartError";
    /// <summary>The kubelet lost track of the instance (the node restarted): exit code 255.</summary>
    public const string Unknown = "Unknown";

    public const string Completed = "Completed";
    public const string Error = "Error";

    /// <summary>Containerd's reason: Completed for exit code 0, Error otherwise.</summary>
    public static string ReasonFor(int exitCode) => exitCode == 0 ? Completed : Error;

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["exitCode"] = ExitCode, ["reason"] = Reason };
        if (Message is not null) json["message"] = Message;
        json["startedAt"] = KubeTime.Format(StartedAt);
        json["finishedAt"] = KubeTime.Format(FinishedAt);
        json["containerID"] = ContainerId;
        return json;
    }
}
