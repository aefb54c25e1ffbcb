namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// What the kubelet knows about one container's logs, mirroring its status: the instance behind <c>state</c> (running or
/// terminated), the one behind <c>lastState.terminated</c>, and the waiting reason when there is no current instance.
/// The simulation publishes it; <c>pods/log</c> reads it to answer as kubelet's validateContainerLogStatus does.
/// </summary>
public sealed class ContainerLogs
{
    readonly object gate = new();
    ContainerLog? state;
    ContainerLog? lastState;
    string? waitingReason;

    public (ContainerLog? State, ContainerLog? LastState, string? WaitingReason) Snapshot()
    {
        lock (gate) return (state, lastState, waitingReason);
    }

    public void Publish(ContainerLog? stateLog, ContainerLog? lastStateLog, string? waiting)
    {
        lock (gate)
        {
            state = stateLog;
            lastState = lastStateLog;
            waitingReason = waiting;
        }
    }
}
