namespace Coxswain.LocalCluster.Kubelet;

/// <summary>Every simulated container's logs, by pod uid and container name; safe to use from any thread.</summary>
public sealed class ContainerLogBook
{
    readonly object gate = new();
    readonly Dictionary<(string PodUid, string Container), ContainerLogs> logs = new();

    public ContainerLogs For(string podUid, string container)
    {
        lock (gate)
        {
            if (!logs.TryGetValue((podUid, container), out var entry)) logs[(podUid, container)] = entry = new ContainerLogs();
            return entry;
        }
    }

    public ContainerLogs? Find(string podUid, string container)
    {
        lock (gate) return logs.GetValueOrDefault((podUid, container));
    }

    /// <summary>Forgets a pod's logs once it is gone from its node (followers already reading keep their instance).</summary>
    public void Forget(string podUid, IEnumerable<string> containers)
    {
        lock (gate)
            foreach (var container in containers) logs.Remove((podUid, container));
    }
}
