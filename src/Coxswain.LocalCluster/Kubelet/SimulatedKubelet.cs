using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Nodes;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// The kubelet of one simulated node: it runs the pods bound to its node (<see cref="SimulatedPod"/>), keeps the node's
/// image cache and pod IP range, and heartbeats (<see cref="NodeHeartbeat"/>). Stopping it freezes the node as a crashed or
/// partitioned kubelet would: nothing it would do happens, no status is written, until it starts again and catches up.
/// Loop-thread only.
/// </summary>
public sealed class SimulatedKubelet
{
    readonly Dictionary<string, SimulatedPod> pods = new(StringComparer.Ordinal);
    readonly List<Action> deferred = new();

    public SimulatedKubelet(NodeIdentity node, KubeletServices services, PodStatusWriter statusWriter)
    {
        Node = node;
        Services = services;
        StatusWriter = statusWriter;
        PodIps = new PodIpAllocator(node.PodCidr);
        Heartbeat = new NodeHeartbeat(node, services);
    }

    public NodeIdentity Node { get; }
    public KubeletServices Services { get; }
    public PodStatusWriter StatusWriter { get; }
    public NodeImageCache Images { get; } = new();
    public PodIpAllocator PodIps { get; }
    public NodeHeartbeat Heartbeat { get; }
    public bool IsStopped { get; private set; }

    /// <summary>A timer of this node: while the kubelet is stopped its callbacks wait for it to start again.</summary>
    public ScheduledTimer At(DateTimeOffset at, Action action) => Services.Loop.At(at, () => WhenRunning(action));

    public ScheduledTimer After(TimeSpan delay, Action action) => At(Services.Now + delay, action);

    void WhenRunning(Action action)
    {
        if (IsStopped) deferred.Add(action); else action();
    }

    /// <summary>A pod bound to this node was created or changed.</summary>
    public void OnPod(StoredObject stored, StoredObject? previous)
    {
        if (IsStopped) return; // caught up from the store when the kubelet starts again
        var key = $"{stored.Attributes.Namespace}/{stored.Attributes.Name}";
        var pod = stored.ToJsonObject();
        if (pods.TryGetValue(key, out var known) && known.Uid == stored.Attributes.Uid)
        {
            known.OnUpdated(pod, previous);
            return;
        }
        if (known is not null) Remove(key);
        var phase = pod.Obj("status").StrOrEmpty("phase");
        if (phase is "Succeeded" or "Failed") return; // finished before we knew it: nothing left to run
        var simulated = new SimulatedPod(this, pod);
        pods[key] = simulated;
        // A pod this node already ran (the server restarted) is adopted; a new one is admitted.
        if (pod.Obj("status").Str("startTime") is not null) simulated.Adopt(); else simulated.Admit();
        if (pod.Obj("metadata")?["deletionTimestamp"] is not null) simulated.OnUpdated(pod, null);
    }

    /// <summary>A pod bound to this node is gone from the API.</summary>
    public void OnPodDeleted(StoredObject last)
    {
        var key = $"{last.Attributes.Namespace}/{last.Attributes.Name}";
        if (pods.TryGetValue(key, out var known) && known.Uid == last.Attributes.Uid) Remove(key);
    }

    void Remove(string key)
    {
        if (pods.Remove(key, out var pod)) pod.OnRemovedFromApi();
    }

    /// <summary>Brings the kubelet's pods in line with the store: new ones are taken on, vanished ones dropped.</summary>
    public void Resync(IEnumerable<StoredObject> podsOnNode)
    {
        if (IsStopped) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in podsOnNode)
        {
            seen.Add($"{stored.Attributes.Namespace}/{stored.Attributes.Name}");
            OnPod(stored, previous: null);
        }
        foreach (var key in pods.Keys.Where(k => !seen.Contains(k)).ToList()) Remove(key);
    }

    public void Start(TimeSpan firstHeartbeatDelay) => Heartbeat.Start(firstHeartbeatDelay);

    /// <summary>The kubelet stops (crash, partition): heartbeats cease and the node's pods freeze as they are.</summary>
    public void Stop()
    {
        if (IsStopped) return;
        IsStopped = true;
        Heartbeat.Stop();
    }

    /// <summary>The kubelet comes back: it catches up with what it missed and re-posts every pod's status.</summary>
    public void Resume(IEnumerable<StoredObject> podsOnNode)
    {
        if (!IsStopped) return;
        IsStopped = false;
        var missed = deferred.ToList();
        deferred.Clear();
        foreach (var action in missed) action();
        Resync(podsOnNode);
        StatusWriter.Resume(pods.Values);
        Heartbeat.Start(TimeSpan.Zero);
    }

    /// <summary>The node is being removed: forget every pod without touching the API.</summary>
    public void Shutdown()
    {
        Stop();
        foreach (var key in pods.Keys.ToList()) Remove(key);
        deferred.Clear();
    }

    public static bool IsBoundTo(StoredObject pod, string nodeName) =>
        pod.Attributes.Fields.TryGetValue("spec.nodeName", out var n) && n == nodeName;
}
