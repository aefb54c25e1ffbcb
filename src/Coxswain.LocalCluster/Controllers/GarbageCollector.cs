using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// kube-controller-manager's garbage collector, fed by the store's event log:
/// <list type="bullet">
/// <item>dependents whose owners (matched by uid) are all gone are deleted in the background;</item>
/// <item>references to owners that are gone are dropped while other owners remain;</item>
/// <item>an owner deleted with <c>propagationPolicy: Foreground</c> (finalizer <c>foregroundDeletion</c>) first has its
/// dependents deleted, and disappears once they are gone;</item>
/// <item>an owner deleted with <c>Orphan</c> (finalizer <c>orphan</c>) has its reference removed from every dependent first.</item>
/// </list>
/// It keeps a uid → dependents graph so no event needs a scan of the store.
/// </summary>
public sealed class GarbageCollector(ResourceStorage storage, ILogger<GarbageCollector> logger)
{
    /// <summary>uid → store key of every live object.</summary>
    readonly Dictionary<string, string> liveByUid = new();
    /// <summary>owner uid → keys of objects that reference it.</summary>
    readonly Dictionary<string, HashSet<string>> dependentsOf = new();
    /// <summary>key → owner uids it references (to update the graph when references change).</summary>
    readonly Dictionary<string, string[]> ownersOf = new();
    /// <summary>Owners deleting in the foreground or orphaning: re-checked whenever one of their dependents changes.</summary>
    readonly HashSet<string> pendingOwners = new();

    public Task Run(CancellationToken ct) => StoreEventLoop.Run(storage.Store, "garbage-collector", logger, Resync, OnEvent, ct);

    async Task Resync(StoreSnapshot snapshot)
    {
        liveByUid.Clear();
        dependentsOf.Clear();
        ownersOf.Clear();
        pendingOwners.Clear();
        var all = storage.Catalog.All.Select(r => r.Bucket).Distinct().SelectMany(b => snapshot.Bucket(b).Values).ToList();
        foreach (var obj in all) Track(obj);
        foreach (var obj in all) await Evaluate(obj.Key).ConfigureAwait(false);
    }

    async Task OnEvent(WatchEvent e)
    {
        var key = e.Object.Key;
        if (e.Type == WatchEventType.Deleted)
        {
            var uid = Uid(e.Object);
            Untrack(key, uid);
            // Dependents of the vanished object may now be garbage; owners waiting on it may now finish.
            if (uid is not null && dependentsOf.TryGetValue(uid, out var dependents))
                foreach (var d in dependents.ToList()) await Evaluate(d).ConfigureAwait(false);
            foreach (var ownerUid in e.Previous is null ? [] : OwnershipFacts.Read(e.Previous.Value).OwnerUids)
                if (pendingOwners.Contains(ownerUid) && liveByUid.TryGetValue(ownerUid, out var ownerKey))
                    await Evaluate(ownerKey).ConfigureAwait(false);
            return;
        }
        Track(e.Object);
        await Evaluate(key).ConfigureAwait(false);
    }

    void Track(StoredObject obj)
    {
        var uid = Uid(obj);
        if (uid is not null) liveByUid[uid] = obj.Key;
        var owners = OwnershipFacts.Read(obj.Value).OwnerUids.ToArray();
        if (ownersOf.TryGetValue(obj.Key, out var previous))
            foreach (var o in previous) Remove(dependentsOf, o, obj.Key);
        if (owners.Length == 0) ownersOf.Remove(obj.Key);
        else
        {
            ownersOf[obj.Key] = owners;
            foreach (var o in owners)
            {
                if (!dependentsOf.TryGetValue(o, out var set)) dependentsOf[o] = set = new HashSet<string>();
                set.Add(obj.Key);
            }
        }
    }

    void Untrack(string key, string? uid)
    {
        if (uid is not null) liveByUid.Remove(uid);
        if (ownersOf.Remove(key, out var owners))
            foreach (var o in owners) Remove(dependentsOf, o, key);
        if (uid is not null) pendingOwners.Remove(uid);
    }

    static void Remove(Dictionary<string, HashSet<string>> index, string uid, string key)
    {
        if (index.TryGetValue(uid, out var set) && set.Remove(key) && set.Count == 0) index.Remove(uid);
    }

    /// <summary>Decides what, if anything, the object needs: as a dependent (dangling owners) and as an owner (foreground/orphan).</summary>
    async Task Evaluate(string key)
    {
        var obj = storage.Store.Get(key);
        if (obj is null) return;
        var facts = OwnershipFacts.Read(obj.Value);
        if (facts.OwnerUids.Count == 0 && !facts.Deleting) return; // the common case: nothing to collect, nothing to wait for
        var (r, ns, name) = Locate(obj);
        if (r is null) return;

        var owners = facts.OwnerUids;
        if (owners.Count > 0)
        {
            var dead = owners.Where(o => !liveByUid.ContainsKey(o)).ToList();
            if (dead.Count == owners.Count && !facts.Deleting)
            {
                logger.LogInformation("deleting {Resource} {Namespace}/{Name}: all owners are gone", r.GroupResource, ns, name);
                await Try(() => storage.DeleteAsync(r, ns, name, new DeleteOptions(PropagationPolicy: "Background", PreconditionUid: Uid(obj))))
                    .ConfigureAwait(false);
                return;
            }
            if (dead.Count > 0) await RemoveOwnerReferences(r, ns, name, dead).ConfigureAwait(false);
        }

        if (!facts.Deleting) return;
        var finalizers = facts.Finalizers;
        var uid = Uid(obj)!;
        var dependents = dependentsOf.TryGetValue(uid, out var set) ? set.ToList() : [];
        if (finalizers.Contains(ResourceStorage.OrphanFinalizer))
        {
            pendingOwners.Add(uid);
            foreach (var d in dependents)
                if (storage.Store.Get(d) is { } dep && Locate(dep) is ({ } dr, var dns, var dname))
                    await RemoveOwnerReferences(dr, dns, dname, [uid]).ConfigureAwait(false);
            await RemoveFinalizer(r, ns, name, ResourceStorage.OrphanFinalizer).ConfigureAwait(false);
        }
        else if (finalizers.Contains(ResourceStorage.ForegroundDeletionFinalizer))
        {
            pendingOwners.Add(uid);
            var remaining = 0;
            foreach (var d in dependents)
            {
                if (storage.Store.Get(d) is not { } dep || Locate(dep) is not ({ } dr, var dns, var dname)) continue;
                remaining++;
                if (!OwnershipFacts.Read(dep.Value).Deleting)
                    await Try(() => storage.DeleteAsync(dr, dns, dname, new DeleteOptions(PropagationPolicy: "Foreground"))).ConfigureAwait(false);
            }
            if (remaining == 0) await RemoveFinalizer(r, ns, name, ResourceStorage.ForegroundDeletionFinalizer).ConfigureAwait(false);
        }
    }

    (ResourceDefinition? R, string? Ns, string Name) Locate(StoredObject obj)
    {
        var r = storage.Catalog.ForBucket(ObjectStore.BucketOf(obj.Key));
        return (r, r is { Namespaced: true } ? obj.Attributes.Namespace : null, obj.Attributes.Name);
    }

    Task RemoveOwnerReferences(ResourceDefinition r, string? ns, string name, IReadOnlyCollection<string> uids) =>
        Try(() => storage.GuaranteedUpdateAsync(r, ns, name, null, new WriteOptions(FieldManager: "generic-garbage-collector"), current =>
        {
            var meta = ResourceStorage.Metadata(current);
            if (meta["ownerReferences"] is JsonArray refs)
            {
                var kept = refs.Where(o => !uids.Contains((string?)o?["uid"] ?? "")).Select(o => o?.DeepClone()).ToArray();
                if (kept.Length == 0) meta.Remove("ownerReferences"); else meta["ownerReferences"] = new JsonArray(kept);
            }
            return current;
        }));

    Task RemoveFinalizer(ResourceDefinition r, string? ns, string name, string finalizer) =>
        Try(() => storage.GuaranteedUpdateAsync(r, ns, name, null, new WriteOptions(FieldManager: "generic-garbage-collector"), current =>
        {
            var meta = ResourceStorage.Metadata(current);
            var kept = ResourceStorage.Strings(meta["finalizers"]).Where(f => f != finalizer).Select(f => (JsonNode)f!).ToArray();
            if (kept.Length == 0) meta.Remove("finalizers"); else meta["finalizers"] = new JsonArray(kept);
            return current;
        }));

    async Task Try(Func<Task> action)
    {
        try { await action().ConfigureAwait(false); }
        catch (StatusError e) when (e.Code is 404 or 409) { }
        catch (StatusError e) { logger.LogWarning("garbage collector: {Message}", e.Message); }
    }

    static string? Uid(StoredObject obj) => obj.Attributes.Uid.Length > 0 ? obj.Attributes.Uid : null;
}
