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
/// kube-controller-manager's taint eviction controller: a pod on a node with a NoExecute taint it does not tolerate is
/// deleted at once; one it tolerates for <c>tolerationSeconds</c> is deleted when that time has passed (pods get 300s for
/// not-ready and unreachable nodes by default), unless the taint goes first. Evicted pods get a DisruptionTarget condition.
/// </summary>
public sealed class TaintEvictionController
{
    static readonly ResourceDefinition Nodes = BuiltInResources.Nodes;
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;
    static readonly EventReporter Reporter = EventReporter.ControllerManager("taint-eviction-controller");

    readonly ResourceStorage storage;
    readonly EventRecorder events;
    readonly ControllerLoop loop;
    readonly Dictionary<string, IReadOnlyList<Taint>> noExecuteTaints = new(StringComparer.Ordinal);
    /// <summary>Pod key → its pending eviction (and when it was first planned, which later re-plans keep).</summary>
    readonly Dictionary<string, (ScheduledTimer Timer, DateTimeOffset Since)> planned = new(StringComparer.Ordinal);

    public TaintEvictionController(ResourceStorage storage, EventRecorder events, NodeLifecycleOptions options, ILogger<TaintEvictionController> logger)
    {
        this.storage = storage;
        this.events = events;
        loop = new ControllerLoop(storage.Store, "taint-eviction-controller", logger, options.Time, options.TimerTick);
    }

    public Task Run(CancellationToken ct) => loop.Run(Resync, OnEvent, ct);

    void Resync(StoreSnapshot snapshot)
    {
        noExecuteTaints.Clear();
        foreach (var node in snapshot.Bucket(Nodes.GroupResource).Values) UpdateNode(node.ToJsonObject(), snapshot);
    }

    void OnEvent(WatchEvent e)
    {
        var bucket = ObjectStore.BucketOf(e.Object.Key);
        if (bucket == Nodes.GroupResource)
        {
            if (e.Type == WatchEventType.Deleted) noExecuteTaints.Remove(e.Object.Attributes.Name);
            else UpdateNode(e.Object.ToJsonObject(), storage.Store.Current);
        }
        else if (bucket == Pods.GroupResource)
        {
            var key = $"{e.Object.Attributes.Namespace}/{e.Object.Attributes.Name}";
            if (e.Type == WatchEventType.Deleted) Cancel(key, announce: false);
            else if (e.Object.Attributes.Fields.GetValueOrDefault("spec.nodeName") is { Length: > 0 } node && noExecuteTaints.ContainsKey(node))
                Evaluate(e.Object, noExecuteTaints[node]);
        }
    }

    void UpdateNode(JsonObject node, StoreSnapshot snapshot)
    {
        var name = node.Obj("metadata").StrOrEmpty("name");
        var taints = Taint.ParseAll(node.Obj("spec").Arr("taints")).Where(t => t.Effect == Taint.NoExecute).ToList();
        var before = noExecuteTaints.GetValueOrDefault(name) ?? [];
        if (taints.Count == 0) noExecuteTaints.Remove(name); else noExecuteTaints[name] = taints;
        if (before.SequenceEqual(taints)) return;
        foreach (var pod in snapshot.Bucket(Pods.GroupResource).Values.Where(p => SimulatedKubelet.IsBoundTo(p, name))) Evaluate(pod, taints);
    }

    void Evaluate(StoredObject stored, IReadOnlyList<Taint> taints)
    {
        var key = $"{stored.Attributes.Namespace}/{stored.Attributes.Name}";
        if (taints.Count == 0)
        {
            Cancel(key, announce: true);
            return;
        }
        var pod = stored.ToJsonObject();
        if (pod.Obj("metadata")?["deletionTimestamp"] is not null) return;
        var tolerations = Toleration.ParseAll(pod.Obj("spec").Arr("tolerations"));
        if (taints.Any(t => !Toleration.AnyTolerates(tolerations, t)))
        {
            Cancel(key, announce: false);
            Evict(stored.Attributes.Namespace, stored.Attributes.Name, stored.Attributes.Uid);
            return;
        }
        // The shortest tolerationSeconds among the tolerations in use; none set means the pod stays for good.
        var seconds = taints.SelectMany(t => tolerations.Where(tol => tol.Tolerates(t))).Select(t => t.Seconds).Where(s => s is not null).Min();
        if (seconds is null)
        {
            Cancel(key, announce: true);
            return;
        }
        var since = planned.TryGetValue(key, out var existing) ? existing.Since : loop.Now;
        existing.Timer?.Cancel();
        var (ns, name, uid) = (stored.Attributes.Namespace, stored.Attributes.Name, stored.Attributes.Uid);
        var timer = loop.At(since + TimeSpan.FromSeconds(Math.Max(0, seconds.Value)), () =>
        {
            planned.Remove(key);
            Evict(ns, name, uid);
        });
        planned[key] = (timer, since);
    }

    void Cancel(string key, bool announce)
    {
        if (!planned.Remove(key, out var entry)) return;
        entry.Timer.Cancel();
        if (!announce) return;
        var slash = key.IndexOf('/');
        if (storage.TryGet(Pods, key[..slash], key[(slash + 1)..]) is { } pod)
            events.Record(Reporter, EventRecorder.Reference(pod.ToJsonObject()), "Normal", "TaintManagerEviction", $"Cancelling deletion of Pod {key}");
    }

    /// <summary>Marks the pod with DisruptionTarget (DeletionByTaintManager), then deletes it with its own grace period.</summary>
    void Evict(string ns, string name, string uid)
    {
        var now = loop.Now;
        loop.Start(async () =>
        {
            var pod = await storage.GuaranteedUpdateAsync(Pods, ns, name, null, new WriteOptions(FieldManager: "taint-eviction-controller"), current =>
            {
                if (current.Obj("metadata").StrOrEmpty("uid") == uid)
                    PodConditions.Set(current.GetOrAddObject("status"), "DisruptionTarget", "True", "DeletionByTaintManager",
                        "Taint manager: deleting due to NoExecute taint", now);
                return current;
            }, subresource: "status").ConfigureAwait(false);
            events.Record(Reporter, EventRecorder.Reference(pod.ToJsonObject()), "Normal", "TaintManagerEviction", $"Marking for deletion Pod {ns}/{name}");
            await storage.DeleteAsync(Pods, ns, name, new DeleteOptions(PreconditionUid: uid)).ConfigureAwait(false);
        });
    }
}
