namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// Every process-backed container process the local cluster has running, so that stopping the cluster stops them all:
/// SIGTERM first, then, after the grace period, SIGKILL to whatever is left and its children. No orphan survives a normal
/// stop. Safe to use from any thread.
/// </summary>
public sealed class ContainerProcesses
{
    readonly object gate = new();
    readonly HashSet<ContainerProcess> running = new();

    public int Count
    {
        get { lock (gate) return running.Count; }
    }

    public void Add(ContainerProcess process)
    {
        lock (gate) running.Add(process);
        _ = process.Exited.ContinueWith(_ =>
        {
            lock (gate) running.Remove(process);
        }, TaskScheduler.Default);
    }

    public async Task StopAllAsync(TimeSpan gracePeriod)
    {
        List<ContainerProcess> all;
        lock (gate) all = running.ToList();
        if (all.Count == 0) return;
        foreach (var p in all) p.Signal(15);
        await Task.WhenAny(Task.WhenAll(all.Select(p => p.Exited)), Task.Delay(gracePeriod)).ConfigureAwait(false);
        foreach (var p in all) p.Kill();
        // A killed process is reaped before we return, so the caller may rely on none being alive.
        await Task.WhenAny(Task.WhenAll(all.Select(p => p.Exited)), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
    }
}
