using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Disruption;
using Coxswain.LocalCluster.Http;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// kube-controller-manager's disruption controller: keeps every PodDisruptionBudget's status (expectedPods,
/// currentHealthy, desiredHealthy, disruptionsAllowed, disruptedPods, observedGeneration and the DisruptionAllowed
/// condition) in step with the pods it selects and their controllers' scale, which is what the eviction subresource
/// decides on. The arithmetic is <see cref="DisruptionBudgetCalculator"/>'s; this class decides when to run it and
/// writes the result through the status subresource.
/// </summary>
public sealed class DisruptionController
{
    static readonly ResourceDefinition Budgets = BuiltInResources.PodDisruptionBudgets;
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;
    /// <summary>The disruption controller's recorder reports as the controller manager itself.</summary>
    static readonly EventReporter Reporter = EventReporter.ControllerManager("controllermanager");

    readonly ResourceStorage storage;
    readonly EventRecorder events;
    readonly ControllerLoop loop;
    /// <summary>Budgets ("ns/name") to sync at the end of the current turn: many pod changes of one turn sync a budget once.</summary>
    readonly HashSet<string> pending = new(StringComparer.Ordinal);
    /// <summary>Budgets with a recheck planned for when a disrupted pod's deletion deadline passes.</summary>
    readonly Dictionary<string, ScheduledTimer> rechecks = new(StringComparer.Ordinal);

    public DisruptionController(ResourceStorage storage, EventRecorder events, ILogger<DisruptionController> logger, TimeProvider? time = null)
    {
        this.storage = storage;
        this.events = events;
        loop = new ControllerLoop(storage.Store, "disruption-controller", logger, time);
    }

    public Task Run(CancellationToken ct) => loop.Run(Resync, OnEvent, ct);

    void Resync(StoreSnapshot snapshot)
    {
        foreach (var budget in snapshot.Bucket(Budgets.GroupResource).Values) Enqueue(budget.Attributes.Namespace, budget.Attributes.Name);
    }

    void OnEvent(WatchEvent e)
    {
        var bucket = ObjectStore.BucketOf(e.Object.Key);
        var ns = e.Object.Attributes.Namespace;
        if (bucket == Budgets.GroupResource)
        {
            if (e.Type != WatchEventType.Deleted) Enqueue(ns, e.Object.Attributes.Name);
            return;
        }
        if (bucket == Pods.GroupResource)
        {
            // Only budgets selecting the pod before or after the change can be affected.
            foreach (var budget in BudgetsIn(ns))
            {
                var selector = Selector(budget.ToJsonObject());
                if (selector.Matches(e.Object.Attributes.Labels) || (e.Previous is not null && selector.Matches(e.Previous.Attributes.Labels)))
                    Enqueue(ns, budget.Attributes.Name);
            }
            return;
        }
        // A scalable controller changed (its replicas count towards percentage budgets): every budget of its namespace may care.
        if (ns.Length > 0 && storage.Catalog.ForBucket(bucket) is { } r && ScaleSubresourceHandler.PathsOf(r) is not null)
            foreach (var budget in BudgetsIn(ns)) Enqueue(ns, budget.Attributes.Name);
    }

    IEnumerable<StoredObject> BudgetsIn(string ns) =>
        storage.Store.Current.Bucket(Budgets.GroupResource).Values.Where(b => b.Attributes.Namespace == ns);

    static LabelSelector Selector(JsonObject budget)
    {
        try { return LabelSelector.FromLabelSelectorJson(budget.Obj("spec").Obj("selector")); }
        catch (InvalidLabelSelectorException) { return LabelSelector.Nothing; }
    }

    void Enqueue(string ns, string name)
    {
        if (pending.Count == 0) loop.AtEndOfTurn(SyncPending);
        pending.Add($"{ns}/{name}");
    }

    void SyncPending()
    {
        foreach (var key in pending) Sync(key);
        pending.Clear();
    }

    void Sync(string key)
    {
        var slash = key.IndexOf('/');
        var (ns, name) = (key[..slash], key[(slash + 1)..]);
        DisruptionBudgetSync? outcome = null;
        JsonObject? written = null;
        loop.Start(async () =>
        {
            var stored = await storage.GuaranteedUpdateAsync(Budgets, ns, name, null, new WriteOptions(FieldManager: "kube-controller-manager"), budget =>
            {
                outcome = DisruptionBudgetCalculator.Sync(budget, PodsOf(ns, budget), FindController, loop.Now);
                budget["status"] = outcome.Status;
                return budget;
            }, subresource: "status").ConfigureAwait(false);
            written = stored.ToJsonObject();
        }, () =>
        {
            if (outcome is null || written is null) return;
            Report(written, outcome.Events);
            PlanRecheck(key, outcome.RecheckAt);
        });
    }

    List<JsonObject> PodsOf(string ns, JsonObject budget)
    {
        var selector = Selector(budget);
        return storage.Store.Current.Bucket(Pods.GroupResource).Values
            .Where(p => p.Attributes.Namespace == ns && selector.Matches(p.Attributes.Labels))
            .Select(p => p.ToJsonObject())
            .ToList();
    }

    /// <summary>
    /// The finder for any controller with a scale subresource (upstream's getScaleController, which also covers the
    /// built-in workloads): the controller named by the reference, if it still has that uid, and its desired replicas.
    /// </summary>
    (ControllerScale? Scale, string? Error) FindController(JsonObject controllerRef, string ns)
    {
        var apiVersion = controllerRef.StrOrEmpty("apiVersion");
        var kind = controllerRef.StrOrEmpty("kind");
        var slash = apiVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var r = storage.Catalog.FindKind(group, version, kind);
        if (r is null) return (null, $"no matches for kind {GoQuoting.Quote(kind)} in version {GoQuoting.Quote(apiVersion)}");
        if (ScaleSubresourceHandler.PathsOf(r) is not { } paths) return (null, $"{r.GroupResource} does not implement the scale subresource");
        var controller = storage.TryGet(r, ns, controllerRef.StrOrEmpty("name"))?.ToJsonObject();
        var uid = controller.Obj("metadata").StrOrEmpty("uid");
        if (controller is null || uid != controllerRef.StrOrEmpty("uid")) return (null, null);
        return (new ControllerScale(uid, (int)ScaleSubresourceHandler.SpecReplicasOf(controller, paths)), null);
    }

    void Report(JsonObject budget, IReadOnlyList<DisruptionEvent> budgetEvents)
    {
        var ns = budget.Obj("metadata").StrOrEmpty("namespace");
        foreach (var e in budgetEvents)
        {
            JsonObject? involved = e.PodName is null
                ? EventRecorder.Reference(budget)
                : storage.TryGet(Pods, ns, e.PodName)?.ToJsonObject() is { } pod ? EventRecorder.Reference(pod) : null;
            if (involved is not null) events.Record(Reporter, involved, e.Type, e.Reason, e.Message);
        }
    }

    void PlanRecheck(string key, DateTimeOffset? at)
    {
        if (at is not { } due) return;
        if (rechecks.Remove(key, out var previous)) previous.Cancel();
        rechecks[key] = loop.At(due, () =>
        {
            rechecks.Remove(key);
            var slash = key.IndexOf('/');
            Enqueue(key[..slash], key[(slash + 1)..]);
        });
    }
}
