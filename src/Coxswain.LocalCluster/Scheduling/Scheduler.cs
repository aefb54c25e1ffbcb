using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Scheduling.Filters;
using Coxswain.LocalCluster.Scheduling.Scores;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>
/// kube-scheduler's default profile, in process: every pending pod of <see cref="SchedulerOptions.SchedulerName"/> is
/// filtered against the nodes (<see cref="ISchedulingFilter"/>s), the feasible nodes are scored
/// (<see cref="ISchedulingScorer"/>s), and the pod is bound to the best one through <see cref="PodBinding"/>, exactly as
/// <c>POST pods/{name}/binding</c> would. A pod that fits nowhere gets PodScheduled=False/Unschedulable and a
/// FailedScheduling event, and is retried when nodes or pods change.
/// <para>
/// The cluster view (<see cref="NodeInfo"/> per node) is kept incrementally from the store's events, and a pod being bound
/// is "assumed" on its node at once, so the next pod already sees its requests.
/// </para>
/// </summary>
public sealed class Scheduler
{
    public const string ScheduledReason = "Scheduled";
    public const string FailedSchedulingReason = "FailedScheduling";
    public const string UnschedulableReason = "Unschedulable";
    public const string SchedulingGatedReason = "SchedulingGated";
    const string SchedulingGatedMessage = "Scheduling is blocked due to non-empty scheduling gates";
    /// <summary>Pods scheduled per loop turn before events get a chance again.</summary>
    const int PodsPerTurn = 256;

    static readonly ResourceDefinition Pods = BuiltInResources.Pods;
    static readonly ResourceDefinition Nodes = BuiltInResources.Nodes;

    static readonly ISchedulingFilter[] Filters =
    [
        new NodeUnschedulableFilter(), new TaintTolerationFilter(), new NodeAffinityFilter(), new NodePortsFilter(), new NodeResourcesFitFilter(),
    ];

    static readonly ISchedulingScorer[] Scorers =
    [
        new TaintPreferenceScorer(), new NodeAffinityPreferenceScorer(), new LeastAllocatedScorer(), new BalancedAllocationScorer(),
        new ControllerSpreadScorer(),
    ];

    readonly ResourceStorage storage;
    readonly EventRecorder events;
    readonly SchedulerOptions options;
    readonly ILogger logger;
    readonly PodBinding binding;
    readonly ControllerLoop loop;
    readonly SchedulingQueue queue;
    readonly Dictionary<string, NodeInfo> nodes = new(StringComparer.Ordinal);
    readonly List<NodeInfo> nodeOrder = new();
    /// <summary>Pods counted on a node: bound ones and those assumed while their binding is written.</summary>
    readonly Dictionary<string, PlacedPod> placed = new(StringComparer.Ordinal);
    int nextStartNode;
    bool passRequested;

    sealed record PlacedPod(string Node, SchedulingPod Pod);

    public Scheduler(ResourceStorage storage, EventRecorder events, SchedulerOptions options, ILogger<Scheduler> logger)
    {
        this.storage = storage;
        this.events = events;
        this.options = options;
        this.logger = logger;
        binding = new PodBinding(storage, options.Time);
        loop = new ControllerLoop(storage.Store, "scheduler", logger, options.Time, options.TimerTick);
        queue = new SchedulingQueue(loop, options) { Activated = RequestPass };
    }

    public Task Run(CancellationToken ct)
    {
        ScheduleFlush();
        return loop.Run(Resync, OnEvent, ct);
    }

    void ScheduleFlush() => loop.After(TimeSpan.FromSeconds(30), () =>
    {
        queue.FlushLongUnschedulable();
        ScheduleFlush();
    });

    // ---- cluster view ---------------------------------------------------------------------------------------------

    void Resync(StoreSnapshot snapshot)
    {
        nodes.Clear();
        nodeOrder.Clear();
        placed.Clear();
        foreach (var node in snapshot.Bucket(Nodes.GroupResource).Values) UpsertNode(node.ToJsonObject());
        foreach (var pod in snapshot.Bucket(Pods.GroupResource).Values) OnPod(pod, previous: null);
        queue.MoveAllUnschedulable();
    }

    void OnEvent(WatchEvent e)
    {
        var bucket = ObjectStore.BucketOf(e.Object.Key);
        if (bucket == Nodes.GroupResource)
        {
            if (e.Type == WatchEventType.Deleted) RemoveNode(e.Object.Attributes.Name);
            else if (UpsertNode(e.Object.ToJsonObject())) queue.MoveAllUnschedulable();
        }
        else if (bucket == Pods.GroupResource)
        {
            if (e.Type == WatchEventType.Deleted) OnPodGone(KeyOf(e.Object));
            else OnPod(e.Object, e.Previous);
        }
    }

    /// <summary>Returns whether the change can make a pending pod fit (a new node, new labels, taints or capacity).</summary>
    bool UpsertNode(JsonObject node)
    {
        var name = node.Obj("metadata").StrOrEmpty("name");
        if (!nodes.TryGetValue(name, out var info))
        {
            nodes[name] = info = new NodeInfo(name);
            nodeOrder.Add(info);
            foreach (var p in placed.Values.Where(p => p.Node == name)) info.AddPod(p.Pod);
            info.Update(node);
            return true;
        }
        return info.Update(node);
    }

    void RemoveNode(string name)
    {
        if (nodes.Remove(name, out var info)) nodeOrder.Remove(info);
    }

    void OnPod(StoredObject stored, StoredObject? previous)
    {
        var key = KeyOf(stored);
        var fields = stored.Attributes.Fields;
        var nodeName = fields.GetValueOrDefault("spec.nodeName") ?? "";
        var phase = fields.GetValueOrDefault("status.phase") ?? "";

        if (nodeName.Length > 0)
        {
            queue.Remove(key);
            if (phase is "Succeeded" or "Failed")
            {
                // A finished pod no longer holds its node's resources.
                if (Unplace(key)) queue.MoveAllUnschedulable();
                return;
            }
            if (placed.TryGetValue(key, out var known) && known.Node == nodeName && known.Pod.Uid == stored.Attributes.Uid) return;
            Unplace(key);
            Place(key, nodeName, SchedulingPod.From(stored.ToJsonObject()));
            return;
        }

        if (placed.TryGetValue(key, out var assumed) && assumed.Pod.Uid == stored.Attributes.Uid) return; // our binding is in flight
        Unplace(key);
        if (fields.GetValueOrDefault("spec.schedulerName") != options.SchedulerName)
        {
            queue.Remove(key);
            return;
        }
        var pod = stored.ToJsonObject();
        if (pod.Obj("metadata")?["deletionTimestamp"] is not null)
        {
            queue.Remove(key);
            return;
        }
        if (pod.Obj("spec").Arr("schedulingGates") is { Count: > 0 })
        {
            queue.Remove(key);
            MarkSchedulingGated(pod);
            return;
        }
        // Our own status writes (the PodScheduled condition) must not retry a pod; changes to what it asks for do.
        if (previous is null || SchedulingInputsChanged(pod, previous.ToJsonObject()))
            queue.Add(key, pod.Obj("spec").Long("priority") ?? 0);
    }

    void OnPodGone(string key)
    {
        queue.Remove(key);
        if (Unplace(key)) queue.MoveAllUnschedulable();
    }

    static bool SchedulingInputsChanged(JsonObject pod, JsonObject previous) =>
        !JsonNode.DeepEquals(pod["spec"], previous["spec"]) ||
        !JsonNode.DeepEquals(pod.Obj("metadata")?["labels"], previous.Obj("metadata")?["labels"]) ||
        !JsonNode.DeepEquals(pod.Obj("metadata")?["annotations"], previous.Obj("metadata")?["annotations"]);

    void Place(string key, string nodeName, SchedulingPod pod)
    {
        placed[key] = new PlacedPod(nodeName, pod);
        if (nodes.TryGetValue(nodeName, out var info)) info.AddPod(pod);
    }

    bool Unplace(string key)
    {
        if (!placed.Remove(key, out var p)) return false;
        if (nodes.TryGetValue(p.Node, out var info)) info.RemovePod(p.Pod);
        return true;
    }

    static string KeyOf(StoredObject pod) => $"{pod.Attributes.Namespace}/{pod.Attributes.Name}";

    // ---- scheduling -----------------------------------------------------------------------------------------------

    void RequestPass()
    {
        if (passRequested) return;
        passRequested = true;
        // After the current turn: a burst of pod creations is scheduled against a view that includes all of them.
        loop.AtEndOfTurn(SchedulePending);
    }

    void SchedulePending()
    {
        passRequested = false;
        for (var i = 0; i < PodsPerTurn && queue.TryPop(out var key); i++) ScheduleOne(key);
        if (queue.HasActive) loop.Post(RequestPass);
    }

    void ScheduleOne(string key)
    {
        var slash = key.IndexOf('/');
        var stored = storage.TryGet(Pods, key[..slash], key[(slash + 1)..]);
        if (stored is null || stored.Attributes.Fields.GetValueOrDefault("spec.nodeName") is { Length: > 0 })
        {
            queue.Remove(key);
            return;
        }
        var json = stored.ToJsonObject();
        var pod = SchedulingPod.From(json);
        var (feasible, failures) = FindFeasibleNodes(pod);
        if (feasible.Count == 0)
        {
            var message = FailedSchedulingMessage.Describe(pod, nodeOrder.Count, failures);
            queue.MarkUnschedulable(key);
            events.Record(EventReporter.Scheduler, EventRecorder.Reference(json), "Warning", FailedSchedulingReason, message, "Scheduling");
            MarkUnschedulable(json, message);
            return;
        }

        var chosen = SelectHost(pod, feasible);
        Place(key, chosen.Name, pod); // assumed until the binding is written
        var assumed = placed[key];
        loop.Start(
            () => binding.BindAsync(new BindingRequest(pod.Namespace, pod.Name, chosen.Name, UidPrecondition: pod.Uid)),
            onSuccess: () =>
            {
                queue.Remove(key);
                events.Record(EventReporter.Scheduler, EventRecorder.Reference(json), "Normal", ScheduledReason,
                    $"Successfully assigned {pod.Namespace}/{pod.Name} to {chosen.Name}", "Binding");
            },
            onFailure: error =>
            {
                if (placed.TryGetValue(key, out var current) && ReferenceEquals(current, assumed)) Unplace(key);
                if (error is StatusError { Code: 404 or 409 }) queue.Remove(key); // gone, deleting, or bound by someone else
                else
                {
                    logger.LogWarning(error, "binding {Pod} to {Node} failed", key, chosen.Name);
                    queue.Retry(key);
                }
            });
    }

    /// <summary>
    /// Runs the filters from a rotating start node until enough feasible nodes are found (kube-scheduler's adaptive
    /// percentageOfNodesToScore: every node below 100, fewer on big clusters). When none is found every node has been
    /// checked, so the failures cover the whole cluster.
    /// </summary>
    (List<NodeInfo> Feasible, List<FilterFailure> Failures) FindFeasibleNodes(SchedulingPod pod)
    {
        var feasible = new List<NodeInfo>();
        var failures = new List<FilterFailure>();
        var total = nodeOrder.Count;
        if (total == 0) return (feasible, failures);
        var wanted = FeasibleNodesToFind(total);
        var start = nextStartNode % total;
        var checkedCount = 0;
        for (; checkedCount < total && feasible.Count < wanted; checkedCount++)
        {
            var node = nodeOrder[(start + checkedCount) % total];
            var failure = Check(pod, node);
            if (failure is null) feasible.Add(node); else failures.Add(failure);
        }
        nextStartNode = (start + checkedCount) % total;
        return (feasible, failures);
    }

    static FilterFailure? Check(SchedulingPod pod, NodeInfo node)
    {
        foreach (var filter in Filters)
            if (filter.Check(pod, node) is { } failure) return failure;
        return null;
    }

    static int FeasibleNodesToFind(int total)
    {
        const int minFeasibleNodesToFind = 100;
        if (total < minFeasibleNodesToFind) return total;
        var percentage = Math.Max(5, 50 - total / 125);
        return Math.Max(minFeasibleNodesToFind, total * percentage / 100);
    }

    /// <summary>The highest weighted score wins; ties are broken at random, as kube-scheduler does.</summary>
    static NodeInfo SelectHost(SchedulingPod pod, List<NodeInfo> feasible)
    {
        if (feasible.Count == 1) return feasible[0];
        var totals = new long[feasible.Count];
        var scores = new long[feasible.Count];
        foreach (var scorer in Scorers)
        {
            Array.Clear(scores);
            scorer.Score(pod, feasible, scores);
            for (var i = 0; i < totals.Length; i++) totals[i] += scores[i] * scorer.Weight;
        }
        var best = 0;
        var ties = 1;
        for (var i = 1; i < totals.Length; i++)
        {
            if (totals[i] > totals[best])
            {
                best = i;
                ties = 1;
            }
            else if (totals[i] == totals[best] && Random.Shared.Next(++ties) == 0)
            {
                best = i; // reservoir sampling: each tied node is equally likely
            }
        }
        return feasible[best];
    }

    void MarkUnschedulable(JsonObject pod, string message) =>
        WritePodScheduledFalse(pod, UnschedulableReason, message);

    void MarkSchedulingGated(JsonObject pod)
    {
        var condition = PodConditions.Find(pod.Obj("status"), "PodScheduled");
        if (condition.StrOrEmpty("reason") == SchedulingGatedReason) return;
        WritePodScheduledFalse(pod, SchedulingGatedReason, SchedulingGatedMessage);
    }

    /// <summary>The scheduler's status update: only written when the condition actually changes.</summary>
    void WritePodScheduledFalse(JsonObject pod, string reason, string message)
    {
        var meta = pod.Obj("metadata");
        var (ns, name, uid) = (meta.StrOrEmpty("namespace"), meta.StrOrEmpty("name"), meta.StrOrEmpty("uid"));
        var existing = PodConditions.Find(pod.Obj("status"), "PodScheduled");
        if (existing.StrOrEmpty("status") == "False" && existing.StrOrEmpty("reason") == reason && existing.StrOrEmpty("message") == message) return;
        var now = loop.Now;
        loop.Start(() => storage.GuaranteedUpdateAsync(Pods, ns, name, null, new WriteOptions(FieldManager: options.SchedulerName), current =>
        {
            var currentMeta = current.Obj("metadata");
            if (currentMeta.StrOrEmpty("uid") != uid || current.Obj("spec").StrOrEmpty("nodeName").Length > 0) return current;
            PodConditions.Set(current.GetOrAddObject("status"), "PodScheduled", "False", reason, message, now);
            return current;
        }, subresource: "status"));
    }
}
