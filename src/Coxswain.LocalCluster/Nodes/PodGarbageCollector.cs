using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Nodes;

/// <summary>
/// The orphan part of kube-controller-manager's pod GC: pods bound to a node that does not exist (it was deleted, or
/// never registered) are force-deleted once the node has stayed missing for the quarantine time, after being marked
/// with a DisruptionTarget condition (DeletionByPodGC).
/// </summary>
public sealed class PodGarbageCollector
{
    static readonly ResourceDefinition Nodes = BuiltInResources.Nodes;
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;

    readonly ResourceStorage storage;
    readonly NodeLifecycleOptions options;
    readonly ControllerLoop loop;
    readonly HashSet<string> nodes = new(StringComparer.Ordinal);
    /// <summary>Missing node names with a check already planned.</summary>
    readonly HashSet<string> quarantined = new(StringComparer.Ordinal);

    public PodGarbageCollector(ResourceStorage storage, NodeLifecycleOptions options, ILogger<PodGarbageCollector> logger)
    {
        this.storage = storage;
        this.options = options;
        loop = new ControllerLoop(storage.Store, "pod-garbage-collector", logger, options.Time, options.TimerTick);
    }

    public Task Run(CancellationToken ct) => loop.Run(Resync, OnEvent, ct);

    void Resync(StoreSnapshot snapshot)
    {
        nodes.Clear();
        foreach (var node in snapshot.Bucket(Nodes.GroupResource).Values) nodes.Add(node.Attributes.Name);
        foreach (var pod in snapshot.Bucket(Pods.GroupResource).Values) CheckPod(pod);
    }

    void OnEvent(WatchEvent e)
    {
        var bucket = ObjectStore.BucketOf(e.Object.Key);
        if (bucket == Nodes.GroupResource)
        {
            if (e.Type == WatchEventType.Deleted)
            {
                nodes.Remove(e.Object.Attributes.Name);
                Quarantine(e.Object.Attributes.Name);
            }
            else nodes.Add(e.Object.Attributes.Name);
        }
        else if (bucket == Pods.GroupResource && e.Type != WatchEventType.Deleted)
        {
            CheckPod(e.Object);
        }
    }

    void CheckPod(StoredObject pod)
    {
        if (pod.Attributes.Fields.GetValueOrDefault("spec.nodeName") is { Length: > 0 } node && !nodes.Contains(node)) Quarantine(node);
    }

    void Quarantine(string node)
    {
        if (!quarantined.Add(node)) return;
        loop.After(options.OrphanedPodQuarantine, () =>
        {
            quarantined.Remove(node);
            if (!nodes.Contains(node)) DeletePodsOf(node);
        });
    }

    void DeletePodsOf(string node)
    {
        var now = loop.Now;
        foreach (var pod in storage.Store.Current.Bucket(Pods.GroupResource).Values.Where(p => Kubelet.SimulatedKubelet.IsBoundTo(p, node)))
        {
            var (ns, name, uid) = (pod.Attributes.Namespace, pod.Attributes.Name, pod.Attributes.Uid);
            loop.Start(async () =>
            {
                await storage.GuaranteedUpdateAsync(Pods, ns, name, null, new WriteOptions(FieldManager: "pod-garbage-collector"), current =>
                {
                    if (current.Obj("metadata").StrOrEmpty("uid") == uid)
                        PodConditions.Set(current.GetOrAddObject("status"), "DisruptionTarget", "True", "DeletionByPodGC",
                            "PodGC: node no longer exists", now);
                    return current;
                }, subresource: "status").ConfigureAwait(false);
                await storage.DeleteAsync(Pods, ns, name, new DeleteOptions(GracePeriodSeconds: 0, PreconditionUid: uid)).ConfigureAwait(false);
            });
        }
    }
}
