using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.LocalCluster.Scheduling;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Nodes;

/// <summary>
/// kube-controller-manager's node lifecycle controller. A node is healthy while its kubelet renews its Lease (or posts
/// status); after <see cref="NodeLifecycleOptions.NodeMonitorGracePeriod"/> of silence its conditions become Unknown
/// ("Kubelet stopped posting node status."), its pods get Ready=False, and events say so. The node's taints follow its
/// Ready condition: <c>node.kubernetes.io/unreachable</c> (Unknown) or <c>node.kubernetes.io/not-ready</c> (False), both
/// NoSchedule and NoExecute, removed once it is Ready again.
/// </summary>
public sealed class NodeLifecycleController
{
    public const string UnreachableTaintKey = "node.kubernetes.io/unreachable";
    public const string NotReadyTaintKey = "node.kubernetes.io/not-ready";
    static readonly ResourceDefinition Nodes = BuiltInResources.Nodes;
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;
    static readonly ResourceDefinition Leases = BuiltInResources.Leases;
    static readonly EventReporter Reporter = EventReporter.ControllerManager("node-controller");

    readonly ResourceStorage storage;
    readonly EventRecorder events;
    readonly NodeLifecycleOptions options;
    readonly ControllerLoop loop;
    /// <summary>When this controller last saw each node's kubelet alive (a lease renewal or a status heartbeat).</summary>
    readonly Dictionary<string, DateTimeOffset> lastSeen = new(StringComparer.Ordinal);

    public NodeLifecycleController(ResourceStorage storage, EventRecorder events, NodeLifecycleOptions options, ILogger<NodeLifecycleController> logger)
    {
        this.storage = storage;
        this.events = events;
        this.options = options;
        loop = new ControllerLoop(storage.Store, "node-lifecycle-controller", logger, options.Time, options.TimerTick);
    }

    public Task Run(CancellationToken ct)
    {
        ScheduleMonitor();
        return loop.Run(Resync, OnEvent, ct);
    }

    void Resync(StoreSnapshot snapshot)
    {
        // Everything counts as just seen: a node gets a full grace period after the controller (re)starts.
        lastSeen.Clear();
        foreach (var node in snapshot.Bucket(Nodes.GroupResource).Values)
        {
            lastSeen[node.Attributes.Name] = loop.Now;
            ReconcileTaints(node.ToJsonObject());
        }
    }

    void OnEvent(WatchEvent e)
    {
        var bucket = ObjectStore.BucketOf(e.Object.Key);
        if (bucket == Nodes.GroupResource)
        {
            var name = e.Object.Attributes.Name;
            if (e.Type == WatchEventType.Deleted)
            {
                lastSeen.Remove(name);
                return;
            }
            var node = e.Object.ToJsonObject();
            if (e.Previous is null || ReadyHeartbeat(node) != ReadyHeartbeat(e.Previous.ToJsonObject())) lastSeen[name] = loop.Now;
            ReconcileTaints(node);
        }
        else if (bucket == Leases.GroupResource && e.Object.Attributes.Namespace == NodeHeartbeat.LeaseNamespace && e.Type != WatchEventType.Deleted)
        {
            if (lastSeen.ContainsKey(e.Object.Attributes.Name)) lastSeen[e.Object.Attributes.Name] = loop.Now;
        }
    }

    static string? ReadyHeartbeat(JsonObject node)
    {
        var ready = NodeConditions.Find(node.Obj("status").Arr("conditions"), NodeConditions.Ready);
        return ready is null ? null : $"{ready.StrOrEmpty("status")}@{ready.StrOrEmpty("lastHeartbeatTime")}";
    }

    void ScheduleMonitor() => loop.After(options.NodeMonitorPeriod, () =>
    {
        MonitorNodeHealth();
        ScheduleMonitor();
    });

    /// <summary>monitorNodeHealth: nodes silent for longer than the grace period are marked Unknown.</summary>
    void MonitorNodeHealth()
    {
        var now = loop.Now;
        foreach (var (name, seen) in lastSeen.ToList())
        {
            if (now - seen <= options.NodeMonitorGracePeriod) continue;
            var stored = storage.TryGet(Nodes, null, name);
            if (stored is null) continue;
            var node = stored.ToJsonObject();
            var ready = NodeConditions.Find(node.Obj("status").Arr("conditions"), NodeConditions.Ready);
            if (ready.StrOrEmpty("status") == "Unknown") continue;
            MarkUnknown(name, ready.StrOrEmpty("status") == "True", now);
        }
    }

    void MarkUnknown(string name, bool wasReady, DateTimeOffset now)
    {
        loop.Start(() => storage.GuaranteedUpdateAsync(Nodes, null, name, null, new WriteOptions(FieldManager: "node-controller"), node =>
        {
            var status = node.GetOrAddObject("status");
            var conditions = status.Arr("conditions") ?? new JsonArray();
            var updated = new JsonArray();
            foreach (var type in NodeConditions.Types)
            {
                var existing = NodeConditions.Find(conditions, type);
                var unknownSince = existing.StrOrEmpty("status") == "Unknown" && existing.Str("lastTransitionTime") is { } t ? t : KubeTime.Format(now);
                updated.Add(existing is null
                    ? NodeConditions.Condition(type, "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status.", KubeTime.Format(now), unknownSince)
                    : NodeConditions.Condition(type, "Unknown", NodeConditions.NodeStatusUnknownReason, NodeConditions.StoppedPostingMessage,
                        existing.Str("lastHeartbeatTime") ?? KubeTime.Format(now), unknownSince));
            }
            status["conditions"] = updated;
            return node;
        }, subresource: "status"), onSuccess: node =>
        {
            var reference = EventRecorder.Reference(node.ToJsonObject());
            reference.Remove("resourceVersion");
            events.Record(Reporter, reference, "Normal", "NodeNotReady", $"Node {name} status is now: NodeNotReady");
            if (wasReady) MarkPodsNotReady(name);
        });
    }

    /// <summary>MarkPodsNotReady: the Ready condition of every pod on the node turns False, with a NodeNotReady event.</summary>
    void MarkPodsNotReady(string nodeName)
    {
        var now = loop.Now;
        foreach (var pod in storage.Store.Current.Bucket(Pods.GroupResource).Values.Where(p => SimulatedKubelet.IsBoundTo(p, nodeName)))
        {
            var json = pod.ToJsonObject();
            var ready = PodConditions.Find(json.Obj("status"), PodStatusDraft.Ready);
            if (ready is null || ready.StrOrEmpty("status") == "False") continue;
            var (ns, name, uid) = (pod.Attributes.Namespace, pod.Attributes.Name, pod.Attributes.Uid);
            loop.Start(() => storage.GuaranteedUpdateAsync(Pods, ns, name, null, new WriteOptions(FieldManager: "node-controller"), current =>
            {
                if (current.Obj("metadata").StrOrEmpty("uid") != uid) return current;
                var status = current.GetOrAddObject("status");
                var condition = PodConditions.Find(status, PodStatusDraft.Ready);
                if (condition is null) return current;
                // UpdatePodCondition with the status flipped: reason and message are left as they were.
                PodConditions.Set(status, PodStatusDraft.Ready, "False", condition.Str("reason"), condition.Str("message"), now);
                return current;
            }, subresource: "status"), onSuccess: updated =>
                events.Record(Reporter, EventRecorder.Reference(updated.ToJsonObject()), "Warning", "NodeNotReady", "Node is not ready"));
        }
    }

    /// <summary>TaintNodesByCondition and the NoExecute tainting pass: the node's lifecycle taints follow its Ready condition.</summary>
    void ReconcileTaints(JsonObject node)
    {
        var name = node.Obj("metadata").StrOrEmpty("name");
        var ready = NodeConditions.Find(node.Obj("status").Arr("conditions"), NodeConditions.Ready).StrOrEmpty("status");
        var wantedKey = ready switch { "Unknown" => UnreachableTaintKey, "False" => NotReadyTaintKey, _ => null };
        var taints = Taint.ParseAll(node.Obj("spec").Arr("taints"));
        var lifecycle = taints.Where(IsLifecycleTaint).ToList();
        var wanted = wantedKey is null ? [] : new[] { (wantedKey, Taint.NoSchedule), (wantedKey, Taint.NoExecute) };
        if (lifecycle.Count == wanted.Length && lifecycle.All(t => wanted.Contains((t.Key, t.Effect)))) return;

        var now = KubeTime.Format(loop.Now);
        loop.Start(() => storage.GuaranteedUpdateAsync(Nodes, null, name, null, new WriteOptions(FieldManager: "node-controller"), current =>
        {
            var spec = current.GetOrAddObject("spec");
            var kept = Taint.ParseAll(spec.Arr("taints")).Where(t => !IsLifecycleTaint(t) || wanted.Contains((t.Key, t.Effect))).ToList();
            foreach (var (key, effect) in wanted)
                if (!kept.Any(t => t.Key == key && t.Effect == effect))
                    kept.Add(new Taint(key, "", effect, effect == Taint.NoExecute ? now : null));
            if (kept.Count == 0) spec.Remove("taints");
            else spec["taints"] = new JsonArray(kept.Select(t => (JsonNode)t.ToJson()).ToArray());
            return current;
        }));
    }

    static bool IsLifecycleTaint(Taint t) =>
        t.Key is UnreachableTaintKey or NotReadyTaintKey && t.Effect is Taint.NoSchedule or Taint.NoExecute;
}
