using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>
/// The READY, STATUS and RESTARTS cells of a pod, computed exactly as kubectl's <c>printPod</c> does:
/// the status is the most telling reason among phase, init containers, containers and deletion state.
/// </summary>
internal sealed record PodStatusSummary(int ReadyContainers, int TotalContainers, string Reason, long Restarts, string? LastRestartTime)
{
    // node.NodeUnreachablePodReason: set by the node lifecycle controller on pods of an unreachable node.
    const string NodeLostReason = "NodeLost";
    const string SchedulingGatedReason = "SchedulingGated";

    public string ReadyText => $"{ReadyContainers}/{TotalContainers}";

    /// <summary>"3" or, once a container has restarted, "3 (5m ago)".</summary>
    public string RestartsText(DateTimeOffset now) =>
        Restarts != 0 && !Timestamps.IsZero(LastRestartTime)
            ? $"{Restarts} ({Timestamps.Since(LastRestartTime, now)} ago)"
            : Restarts.ToString();

    public static PodStatusSummary Of(JsonObject pod)
    {
        var status = pod.ObjectAt("status");
        var phase = status.TextAt("phase");
        var reason = status.TextAt("reason") is { Length: > 0 } statusReason ? statusReason : phase;
        if (status.ArrayAt("conditions").Any(c => c.TextAt("type") == "PodScheduled" && c.TextAt("reason") == SchedulingGatedReason))
        {
            reason = SchedulingGatedReason;
        }

        var initContainers = pod.ArrayAt("spec", "initContainers");
        var restartableInit = initContainers.Where(IsRestartableInitContainer).Select(c => c.TextAt("name")).ToHashSet(StringComparer.Ordinal);
        var total = pod.ArrayAt("spec", "containers").Count + restartableInit.Count;
        var ready = 0;

        var restarts = new RestartTally();
        var sidecarRestarts = new RestartTally();
        var initializing = false;
        var initStatuses = status.ArrayAt("initContainerStatuses");
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var isSidecar = restartableInit.Contains(container.TextAt("name"));
            restarts.Add(container);
            if (isSidecar) sidecarRestarts.Add(container);

            var terminated = container.ObjectAt("state", "terminated");
            var waitingReason = container.TextAt("state", "waiting", "reason");
            if (terminated is not null && terminated.IntegerAt("exitCode").GetValueOrDefault() == 0)
            {
                continue;
            }
            if (isSidecar && container.BoolAt("started") == true)
            {
                if (container.BoolAt("ready") == true) ready++;
                continue;
            }
            initializing = true;
            if (terminated is not null)
            {
                reason = "Init:" + TerminationReason(terminated);
            }
            else if (container.ObjectAt("state", "waiting") is not null && waitingReason.Length > 0 && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = $"Init:{i}/{initContainers.Count}";
            }
            // The first init container that has not finished decides the status.
            break;
        }

        if (!initializing || IsInitialized(status))
        {
            // Once initialized, only sidecar init containers still count towards restarts.
            restarts = sidecarRestarts;
            var hasRunning = false;
            var statuses = status.ArrayAt("containerStatuses");
            // Walked last to first so that the first container's reason wins.
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts.Add(container);
                var terminated = container.ObjectAt("state", "terminated");
                if (container.TextAt("state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null)
                {
                    reason = TerminationReason(terminated);
                }
                else if (container.BoolAt("ready") == true && container.ObjectAt("state", "running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }
            // A completed container next to one still running does not make the pod "Completed".
            if (reason == "Completed" && hasRunning)
            {
                var podReady = status.ArrayAt("conditions").Any(c => c.TextAt("type") == "Ready" && c.TextAt("status") == "True");
                reason = podReady ? "Running" : "NotReady";
            }
        }

        if (pod.At("metadata", "deletionTimestamp") is not null)
        {
            if (status.TextAt("reason") == NodeLostReason) reason = "Unknown";
            else if (phase is not ("Succeeded" or "Failed")) reason = "Terminating";
        }

        return new PodStatusSummary(ready, total, reason, restarts.Count, restarts.Latest);
    }

    /// <summary>A sidecar: an init container with restartPolicy Always.</summary>
    static bool IsRestartableInitContainer(JsonNode? initContainer) => initContainer.TextAt("restartPolicy") == "Always";

    /// <summary>The terminated state's reason, else "Signal:N" or "ExitCode:N".</summary>
    static string TerminationReason(JsonObject terminated)
    {
        if (terminated.TextAt("reason") is { Length: > 0 } reason) return reason;
        var signal = terminated.IntegerAt("signal").GetValueOrDefault();
        return signal != 0 ? $"Signal:{signal}" : $"ExitCode:{terminated.IntegerAt("exitCode").GetValueOrDefault()}";
    }

    /// <summary>Whether the first Initialized condition is True.</summary>
    static bool IsInitialized(JsonNode? status) =>
        status.ArrayAt("conditions").FirstOrDefault(c => c.TextAt("type") == "Initialized").TextAt("status") == "True";

    /// <summary>Sum of restart counts and the latest finish time of a previous container instance.</summary>
    sealed class RestartTally
    {
        DateTimeOffset latest = DateTimeOffset.MinValue;

        public long Count { get; private set; }
        public string? Latest { get; private set; }

        public void Add(JsonNode? containerStatus)
        {
            Count += containerStatus.IntegerAt("restartCount").GetValueOrDefault();
            var finishedAt = containerStatus.StringAt("lastState", "terminated", "finishedAt");
            if (containerStatus.ObjectAt("lastState", "terminated") is not null
                && Timestamps.TryParse(finishedAt, out var finished) && finished > latest)
            {
                latest = finished;
                Latest = finishedAt;
            }
        }
    }
}
