using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.LocalCluster.Kubelet.Processes;
using Coxswain.LocalCluster.Scheduling;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Nodes;

/// <summary>
/// The local cluster's simulated nodes: one <see cref="SimulatedKubelet"/> per node, all driven by a single
/// <see cref="ControllerLoop"/> (one thread of work, one timer wheel, however many nodes and pods), fed by the store's
/// pod events. It is also the control surface tests and demos use to make nodes fail: stop and start a node's kubelet,
/// taint it, add and remove nodes.
/// </summary>
public sealed class SimulatedNodes
{
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;
    static readonly ResourceDefinition Nodes = BuiltInResources.Nodes;

    readonly ResourceStorage storage;
    readonly NodeSimulationOptions options;
    readonly int initialCount;
    readonly ILogger logger;
    readonly ControllerLoop loop;
    readonly KubeletServices services;
    readonly PodStatusWriter statusWriter;
    /// <summary>Loop-thread only.</summary>
    readonly Dictionary<string, SimulatedKubelet> kubelets = new(StringComparer.Ordinal);
    /// <summary>The node names, readable from any thread.</summary>
    volatile string[] names = [];
    int highestIndex;

    public SimulatedNodes(ResourceStorage storage, EventRecorder events, int nodeCount, NodeSimulationOptions options, string dataDirectory,
        ContainerLogBook logs, ProcessRuntime processes, ILogger<SimulatedNodes> logger)
    {
        Logs = logs;
        this.storage = storage;
        this.options = options;
        this.logger = logger;
        initialCount = nodeCount;
        loop = new ControllerLoop(storage.Store, "node-simulation", logger, options.Time, options.TimerTick);
        services = new KubeletServices(loop, storage, events, options, Logs, new CoreDumpWriter(dataDirectory), processes, logger);
        statusWriter = new PodStatusWriter(services);
    }

    /// <summary>Every simulated container's logs, for <c>pods/log</c>.</summary>
    public ContainerLogBook Logs { get; }

    /// <summary>The simulated nodes' names, in creation order.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>Runs the nodes until <paramref name="ct"/> is cancelled; then every process-backed container's process is stopped.</summary>
    public async Task Run(CancellationToken ct)
    {
        loop.Post(StartInitialNodes);
        try
        {
            await loop.Run(Resync, OnEvent, ct).ConfigureAwait(false);
        }
        finally
        {
            await services.Processes.StopAllAsync().ConfigureAwait(false);
            services.Processes.Dispose();
        }
    }

    /// <summary>How many process-backed container processes are running now.</summary>
    public int RunningProcessCount => services.Processes.Running.Count;

    // ---- control ------------------------------------------------------------------------------------------------

    /// <summary>Stops the node's kubelet: no heartbeats, no pod status, its pods frozen; the node goes NotReady after the grace period.</summary>
    public Task StopNodeAsync(string name) => OnLoop(() => Kubelet(name).Stop());

    /// <summary>Starts a stopped node's kubelet again: it re-registers, catches up with its pods and reports them.</summary>
    public Task StartNodeAsync(string name) => OnLoop(() => Kubelet(name).Resume(PodsOn(name, storage.Store.Current)));

    /// <summary>Adds one more node (next index); returns its name.</summary>
    public Task<string> AddNodeAsync() => OnLoop(() => AddKubelet(++highestIndex).Node.Name);

    /// <summary>Stops the node's kubelet and deletes its Node object, as a node leaving the cluster; its pods are collected by pod GC.</summary>
    public async Task RemoveNodeAsync(string name)
    {
        await OnLoop(() =>
        {
            Kubelet(name).Shutdown();
            kubelets.Remove(name);
            PublishNames();
        }).ConfigureAwait(false);
        try
        {
            await storage.DeleteAsync(Nodes, null, name, new DeleteOptions()).ConfigureAwait(false);
        }
        catch (StatusError e) when (e.Code == 404)
        {
        }
    }

    /// <summary>Adds (or replaces) a taint, as <c>kubectl taint nodes NAME key=value:Effect</c> does.</summary>
    public Task TaintNodeAsync(string name, string key, string value, string effect) =>
        UpdateTaints(name, taints =>
        {
            taints.RemoveAll(t => t.Key == key && t.Effect == effect);
            taints.Add(new Taint(key, value, effect, effect == Taint.NoExecute ? KubeTime.Format(options.Time.GetUtcNow()) : null));
        });

    /// <summary>Removes taints with <paramref name="key"/> (of one effect, or all), as <c>kubectl taint nodes NAME key-</c> does.</summary>
    public Task UntaintNodeAsync(string name, string key, string? effect = null) =>
        UpdateTaints(name, taints => taints.RemoveAll(t => t.Key == key && (effect is null || t.Effect == effect)));

    Task UpdateTaints(string name, Action<List<Taint>> change) =>
        storage.GuaranteedUpdateAsync(Nodes, null, name, null, new WriteOptions(FieldManager: "coxswain"), node =>
        {
            var spec = node.GetOrAddObject("spec");
            var taints = Taint.ParseAll(spec.Arr("taints")).ToList();
            change(taints);
            if (taints.Count == 0) spec.Remove("taints");
            else spec["taints"] = new JsonArray(taints.Select(t => (JsonNode)t.ToJson()).ToArray());
            return node;
        });

    SimulatedKubelet Kubelet(string name) =>
        kubelets.TryGetValue(name, out var kubelet) ? kubelet : throw new ArgumentException($"no simulated node named {name}", nameof(name));

    Task OnLoop(Action action) => OnLoop(() =>
    {
        action();
        return true;
    });

    Task<T> OnLoop<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(() =>
        {
            try { done.TrySetResult(action()); }
            catch (Exception e) { done.TrySetException(e); }
        });
        return done.Task;
    }

    // ---- the loop ---------------------------------------------------------------------------------------------------

    void StartInitialNodes()
    {
        for (var index = 1; index <= initialCount; index++) AddKubelet(index);
        highestIndex = Math.Max(highestIndex, initialCount);
        RemoveStaleNodes();
    }

    SimulatedKubelet AddKubelet(int index)
    {
        var node = NodeIdentity.For(index, options);
        var kubelet = new SimulatedKubelet(node, services, statusWriter);
        kubelets[node.Name] = kubelet;
        PublishNames();
        // Heartbeats of many nodes are spread over the renew interval instead of all landing at once.
        var spread = options.LeaseRenewInterval * ((index - 1) % 100 / 100.0);
        kubelet.Start(options.LeaseRenewInterval + spread);
        kubelet.Resync(PodsOn(node.Name, storage.Store.Current));
        return kubelet;
    }

    /// <summary>Simulated nodes left by an earlier run with more nodes are removed, as decommissioned machines are.</summary>
    void RemoveStaleNodes()
    {
        foreach (var node in storage.Store.Current.Bucket(Nodes.GroupResource).Values)
        {
            var name = node.Attributes.Name;
            if (kubelets.ContainsKey(name) || !node.Attributes.Labels.ContainsKey(NodeManifest.SimulatedLabel)) continue;
            logger.LogInformation("removing simulated node {Node}, beyond the configured node count", name);
            loop.Start(() => storage.DeleteAsync(Nodes, null, name, new DeleteOptions()));
        }
    }

    void PublishNames() => names = kubelets.Values.OrderBy(k => k.Node.Index).Select(k => k.Node.Name).ToArray();

    void Resync(StoreSnapshot snapshot)
    {
        var byNode = snapshot.Bucket(Pods.GroupResource).Values
            .GroupBy(p => p.Attributes.Fields.GetValueOrDefault("spec.nodeName") ?? "")
            .ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (name, kubelet) in kubelets) kubelet.Resync(byNode.GetValueOrDefault(name) ?? []);
    }

    void OnEvent(WatchEvent e)
    {
        if (ObjectStore.BucketOf(e.Object.Key) != Pods.GroupResource) return;
        var nodeName = e.Object.Attributes.Fields.GetValueOrDefault("spec.nodeName");
        if (string.IsNullOrEmpty(nodeName) || !kubelets.TryGetValue(nodeName, out var kubelet)) return;
        if (e.Type == WatchEventType.Deleted) kubelet.OnPodDeleted(e.Object);
        else kubelet.OnPod(e.Object, e.Previous);
    }

    static IEnumerable<StoredObject> PodsOn(string nodeName, StoreSnapshot snapshot) =>
        snapshot.Bucket(Pods.GroupResource).Values.Where(p => SimulatedKubelet.IsBoundTo(p, nodeName));
}
