using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// kube-controller-manager's namespace lifecycle: a Terminating namespace has all its content deleted, reports what is
/// left in its status conditions, and disappears once empty and its <c>kubernetes</c> finalizer is released.
/// It also gives every namespace its <c>default</c> ServiceAccount, as the serviceaccounts controller does.
/// </summary>
public sealed class NamespaceController(ResourceStorage storage, ILogger<NamespaceController> logger)
{
    readonly HashSet<string> terminating = new();

    public Task Run(CancellationToken ct) =>
        StoreEventLoop.Run(storage.Store, "namespace-controller", logger, Resync, OnEvent, ct);

    async Task Resync(StoreSnapshot snapshot)
    {
        foreach (var ns in snapshot.Bucket(BuiltInResources.Namespaces.GroupResource).Values)
        {
            if (IsTerminating(ns)) terminating.Add(ns.Attributes.Name);
            else await EnsureDefaultServiceAccount(ns.Attributes.Name).ConfigureAwait(false);
        }
        await SweepTerminating().ConfigureAwait(false);
    }

    async Task OnEvent(WatchEvent e)
    {
        var bucket = ObjectStore.BucketOf(e.Object.Key);
        if (bucket == BuiltInResources.Namespaces.GroupResource)
        {
            var name = e.Object.Attributes.Name;
            if (e.Type == WatchEventType.Deleted) terminating.Remove(name);
            else if (IsTerminating(e.Object)) terminating.Add(name);
            else if (e.Type == WatchEventType.Added) await EnsureDefaultServiceAccount(name).ConfigureAwait(false);
        }
        else if (bucket == BuiltInResources.ServiceAccounts.GroupResource && e.Type == WatchEventType.Deleted &&
                 e.Object.Attributes.Name == "default")
        {
            await EnsureDefaultServiceAccount(e.Object.Attributes.Namespace).ConfigureAwait(false);
        }
        if (terminating.Count > 0) await SweepTerminating().ConfigureAwait(false);
    }

    Task ReportConditions(string ns, NamespaceDeletionConditions conditions) =>
        Try(() => storage.GuaranteedUpdateAsync(BuiltInResources.Namespaces, null, ns, null, new WriteOptions(FieldManager: "kube-controller-manager"),
            current =>
            {
                var status = current["status"] as JsonObject ?? new JsonObject();
                conditions.ApplyTo(status, DateTimeOffset.UtcNow);
                current["status"] = status;
                return current;
            }, subresource: "status"));

    async Task Try(Func<Task> action)
    {
        try { await action().ConfigureAwait(false); }
        catch (StatusError e) when (e.Code is 404 or 409) { }
    }

    static bool IsTerminating(StoredObject ns) =>
        ns.Attributes.Fields.TryGetValue("status.phase", out var phase) && phase == "Terminating";

    async Task EnsureDefaultServiceAccount(string ns)
    {
        var sa = BuiltInResources.ServiceAccounts;
        if (storage.TryGet(sa, ns, "default") is not null) return;
        var nsObj = storage.TryGet(BuiltInResources.Namespaces, null, ns);
        if (nsObj is null || IsTerminating(nsObj)) return;
        try
        {
            await storage.CreateAsync(sa, ns, new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = "default" },
            }, new WriteOptions()).ConfigureAwait(false);
        }
        catch (StatusError e) when (e.Code is 409 or 403 or 404)
        {
        }
    }

    /// <summary>
    /// Deletes what is left in each terminating namespace and reports what remains in its deletion conditions; finalizes
    /// those that are empty.
    /// </summary>
    async Task SweepTerminating()
    {
        var resources = storage.Catalog.All.Where(r => r.Namespaced).DistinctBy(r => r.Bucket).ToList();
        foreach (var ns in terminating.ToList())
        {
            var conditions = new NamespaceDeletionConditions();
            var snapshot = storage.Store.Current;
            foreach (var r in resources)
            {
                foreach (var obj in snapshot.Bucket(r.Bucket).Values.Where(o => o.Attributes.Namespace == ns))
                {
                    try
                    {
                        await storage.DeleteAsync(r, ns, obj.Attributes.Name, new DeleteOptions(GracePeriodSeconds: 0)).ConfigureAwait(false);
                    }
                    catch (StatusError e) when (e.Code is 404 or 409) { }
                    catch (StatusError e) { conditions.DeleteFailed(e.Message); }
                }
            }
            // What survived the pass (finalizers, graceful deletion) is what the namespace waits for.
            var remaining = 0;
            var after = storage.Store.Current;
            foreach (var r in resources)
                foreach (var obj in after.Bucket(r.Bucket).Values.Where(o => o.Attributes.Namespace == ns))
                {
                    remaining++;
                    conditions.Remaining(r, ResourceStorage.Strings(obj.ToJsonObject()["metadata"]?["finalizers"]));
                }
            await ReportConditions(ns, conditions).ConfigureAwait(false);
            if (remaining > 0) continue;

            var nsObj = storage.TryGet(BuiltInResources.Namespaces, null, ns);
            if (nsObj is null)
            {
                terminating.Remove(ns);
                continue;
            }
            // Content is gone: release the "kubernetes" finalizer and remove the namespace (what PUT …/finalize leads to).
            try
            {
                var obj = nsObj.ToJsonObject();
                if (ResourceStorage.Strings(obj["metadata"]?["finalizers"]).Any()) continue; // someone else's finalizer holds it
                await storage.Store.DeleteAsync(nsObj.Key, nsObj.Revision).ConfigureAwait(false);
                terminating.Remove(ns);
                logger.LogInformation("namespace {Namespace} deleted", ns);
            }
            catch (StorageException) { }
        }
    }
}
