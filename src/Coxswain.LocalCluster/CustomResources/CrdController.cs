using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Storage;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.CustomResources;

/// <summary>
/// apiextensions-apiserver's controllers: a CRD's versions are served as soon as it is stored (the catalog, and so
/// discovery and OpenAPI, change at once), its status reports NamesAccepted/Established, and deleting it first deletes
/// every custom resource it defines (the <c>customresourcecleanup</c> finalizer), then stops serving it.
/// </summary>
public sealed class CrdController(ResourceStorage storage, ILogger<CrdController> logger)
{
    static readonly ResourceDefinition Crds = BuiltInResources.CustomResourceDefinitions;

    public Task Run(CancellationToken ct) => StoreEventLoop.Run(storage.Store, "crd-controller", logger, Resync, OnEvent, ct);

    /// <summary>Serves every stored CRD; called at start so a restarted server serves its custom resources again.</summary>
    public static void ServeAll(ResourceStorage storage, StoreSnapshot snapshot)
    {
        foreach (var crd in snapshot.Bucket(Crds.GroupResource).Values) Serve(storage.Catalog, crd.ToJsonObject());
    }

    async Task Resync(StoreSnapshot snapshot)
    {
        ServeAll(storage, snapshot);
        foreach (var crd in snapshot.Bucket(Crds.GroupResource).Values) await Reconcile(crd.Attributes.Name).ConfigureAwait(false);
    }

    async Task OnEvent(WatchEvent e)
    {
        var bucket = ObjectStore.BucketOf(e.Object.Key);
        if (bucket == Crds.GroupResource)
        {
            if (e.Type == WatchEventType.Deleted)
            {
                var name = e.Object.Attributes.Name;
                storage.Catalog.Remove(r => r.Custom?.CrdName == name);
                logger.LogInformation("stopped serving {Crd}", name);
                return;
            }
            await Reconcile(e.Object.Attributes.Name).ConfigureAwait(false);
        }
        else if (e.Type == WatchEventType.Deleted && storage.Catalog.ForBucket(bucket)?.Custom is { } custom)
        {
            // A custom resource went away: a terminating CRD may now be able to finish.
            await Reconcile(custom.CrdName).ConfigureAwait(false);
        }
    }

    static void Serve(ResourceCatalog catalog, JsonObject crd)
    {
        var name = (string?)crd["metadata"]?["name"];
        var definitions = CrdDefinitions.From(crd);
        catalog.Remove(r => r.Custom?.CrdName == name && !definitions.Any(d => d.Version == r.Version && d.Plural == r.Plural && d.Group == r.Group));
        if (definitions.Count > 0) catalog.Upsert(definitions);
    }

    async Task Reconcile(string name)
    {
        var stored = storage.TryGet(Crds, null, name);
        if (stored is null) return;
        var crd = stored.ToJsonObject();
        if (crd["metadata"]?["deletionTimestamp"] is null)
        {
            Serve(storage.Catalog, crd);
            await UpdateStatus(name, crd, terminating: false).ConfigureAwait(false);
            return;
        }

        // Terminating: delete every custom resource of this CRD, then release our finalizer.
        await UpdateStatus(name, crd, terminating: true).ConfigureAwait(false);
        var definition = storage.Catalog.All.FirstOrDefault(r => r.Custom?.CrdName == name);
        var remaining = 0;
        if (definition is not null)
        {
            foreach (var obj in storage.Store.Current.Bucket(definition.GroupResource).Values)
            {
                remaining++;
                try
                {
                    await storage.DeleteAsync(definition, definition.Namespaced ? obj.Attributes.Namespace : null, obj.Attributes.Name,
                        new DeleteOptions()).ConfigureAwait(false);
                }
                catch (StatusError e) when (e.Code is 404 or 409) { }
            }
        }
        if (remaining > 0 && definition is not null && storage.Store.Current.Bucket(definition.GroupResource).Count > 0) return;

        try
        {
            await storage.GuaranteedUpdateAsync(Crds, null, name, null, new WriteOptions(), current =>
            {
                var meta = ResourceStorage.Metadata(current);
                meta["finalizers"] = new JsonArray(ResourceStorage.Strings(meta["finalizers"])
                    .Where(f => f != ObjectStrategies.CrdCleanupFinalizer).Select(f => (JsonNode)f!).ToArray());
                return current;
            }).ConfigureAwait(false);
        }
        catch (StatusError e) when (e.Code == 404) { }
    }

    async Task UpdateStatus(string name, JsonObject crd, bool terminating)
    {
        var spec = crd["spec"] as JsonObject ?? new JsonObject();
        var now = KubeTime.Format(DateTimeOffset.UtcNow);
        var storageVersion = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(v => (bool?)v["storage"] == true)?["name"];
        var existing = crd["status"] as JsonObject ?? new JsonObject();
        var conditions = new JsonArray
        {
            Condition(existing, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now),
            Condition(existing, "Established", terminating ? "False" : "True", terminating ? "Terminating" : "InitialNamesAccepted",
                terminating ? "the object is being deleted" : "the initial names have been accepted", now),
        };
        if (terminating) conditions.Add(Condition(existing, "Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", now));
        var stored = (existing["storedVersions"] as JsonArray ?? []).Select(v => (string?)v).OfType<string>().ToList();
        if ((string?)storageVersion is { } sv && !stored.Contains(sv)) stored.Add(sv);
        var status = new JsonObject
        {
            ["conditions"] = conditions,
            ["acceptedNames"] = spec["names"]?.DeepClone(),
            ["storedVersions"] = new JsonArray(stored.Select(s => (JsonNode)s!).ToArray()),
        };
        if (JsonNode.DeepEquals(status, existing)) return;
        try
        {
            var update = crd.DeepClone().AsObject();
            update["status"] = status;
            ResourceStorage.Metadata(update).Remove("resourceVersion");
            await storage.UpdateAsync(Crds, null, name, update, "status", new WriteOptions()).ConfigureAwait(false);
        }
        catch (StatusError e) when (e.Code is 404 or 409) { }
    }

    /// <summary>A condition, keeping lastTransitionTime when its status did not change (as every controller should).</summary>
    static JsonObject Condition(JsonObject existingStatus, string type, string status, string reason, string message, string now)
    {
        var previous = (existingStatus["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
        var since = previous is not null && (string?)previous["status"] == status ? (string?)previous["lastTransitionTime"] ?? now : now;
        return new JsonObject
        {
            ["type"] = type, ["status"] = status, ["lastTransitionTime"] = since, ["reason"] = reason, ["message"] = message,
        };
    }
}
