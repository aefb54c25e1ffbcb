using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// kube-apiserver's field manager: keeps <c>metadata.managedFields</c> right on every write and performs server-side
/// apply. Non-apply writes (create, update, patch, on any subresource) are recorded as operation Update under their
/// manager; apply merges a configuration with ownership, pruning and conflicts (<see cref="FieldOwnership"/>).
/// Like upstream, metadata the server owns (name, uid, resourceVersion…) is never recorded, and the fields a write
/// cannot change (status through the main resource, everything but status through /status) are ignored.
/// </summary>
public static class FieldManager
{
    /// <summary>
    /// Records a non-apply write in <paramref name="updated"/>'s managedFields. <paramref name="live"/> is the object
    /// before the write (null for a create). A write may set managedFields itself, or clear them with <c>[]</c> or
    /// <c>[{}]</c>; through a subresource it cannot.
    /// </summary>
    public static void RecordUpdate(ResourceDefinition r, JsonObject? live, JsonObject updated, string manager, string? subresource, DateTimeOffset now)
    {
        var updatedMeta = Metadata(updated);
        var liveFields = live?["metadata"]?["managedFields"];
        ManagedFieldSets? managed;
        if (subresource is not null) managed = ManagedFieldSets.Decode(liveFields);
        else if (ManagedFieldSets.IsReset(updatedMeta["managedFields"])) managed = new ManagedFieldSets();
        else
        {
            // A client that does not know managedFields and leaves them out does not erase them.
            managed = ManagedFieldSets.Decode(updatedMeta["managedFields"]);
            if (managed is null || managed.Managers.Count == 0) managed = ManagedFieldSets.Decode(liveFields);
        }
        if (managed is null) return; // undecodable entries stay as written, for validation to judge (as upstream)

        var identity = ManagerIdentity.ForUpdate(manager, r.ApiVersion, subresource);
        // A plain create owns every field it sets, which only the object's structure decides (CreatedFieldsCache).
        var skeleton = live is null && subresource is null && managed.Managers.Count == 0 ? CreatedFieldsCache.Skeleton(r, updated) : null;
        if (skeleton is not null && CreatedFieldsCache.TryGet(skeleton, out var created))
        {
            managed[identity] = new ManagedFieldSet(created, r.ApiVersion, now);
        }
        else
        {
            var schema = MergeSchema.ForResource(r);
            var ownership = new FieldOwnership(schema, Ignored(r, subresource, live, updated), StrippedMetadata);
            ownership.Update(managed, live ?? [], updated, identity, r.ApiVersion, now);
            if (skeleton is not null) CreatedFieldsCache.Add(skeleton, managed[identity]?.Fields ?? FieldSet.Empty);
            managed.CapUpdateManagers();
        }
        SetManagedFields(updatedMeta, managed);
    }

    /// <summary>
    /// Server-side apply of <paramref name="config"/> by <paramref name="manager"/> to <paramref name="live"/> (null when
    /// the object does not exist yet): the object to store, with its managedFields. Throws the StatusErrors
    /// kube-apiserver answers with: 400 for a wrong kind or a configuration carrying managedFields, 409 for conflicts,
    /// and 400 (upstream: 500) for a configuration the schema cannot type.
    /// </summary>
    public static JsonObject Apply(ResourceDefinition r, JsonObject? live, JsonObject config, string manager, bool force, string? subresource, DateTimeOffset now)
    {
        var (apiVersion, kind) = ((string?)config["apiVersion"] ?? "", (string?)config["kind"] ?? "");
        if (apiVersion != r.ApiVersion || kind != r.Kind) throw StatusError.BadRequest($"invalid object type: {GroupVersionKindText(apiVersion, kind)}");
        if (config["metadata"]?["managedFields"] is not null) throw StatusError.BadRequest("metadata.managedFields must be nil");

        var schema = MergeSchema.ForResource(r);
        var configFields = FieldSetBuilder.Build(schema, config, strict: true, out var errors);
        if (errors.Count > 0)
        {
            // kube-apiserver lets this through as a reasonless 500 (kubernetes#122480); it is the client's mistake, so a 400
            // here, with upstream's message.
            var meta = config["metadata"];
            throw StatusError.BadRequest(
                $"failed to create typed patch object ({(string?)meta?["namespace"]}/{(string?)meta?["name"]}; {GroupVersionKindText(apiVersion, kind)}): " +
                (errors.Count == 1 ? errors[0] : "errors:\n" + string.Join("\n", errors.Select(e => "  " + e))));
        }

        var current = WithoutManagedFields(live ?? []);
        var ignored = Ignored(r, subresource, current, config);
        configFields = configFields.RecursiveDifference(ignored);
        // Undecodable entries on the live object cannot be honoured by an apply: it starts from none.
        var managed = ManagedFieldSets.Decode(live?["metadata"]?["managedFields"]) ?? new ManagedFieldSets();
        var identity = ManagerIdentity.ForApply(manager, subresource);
        var ownership = new FieldOwnership(schema, ignored, StrippedMetadata);
        JsonObject result;
        try
        {
            result = ownership.Apply(managed, current, config, configFields, identity, r.ApiVersion, force, now);
        }
        catch (ApplyConflictException e) when (manager == ClientSideApplyInterop.Manager &&
                                               ClientSideApplyInterop.MigratableFields(schema, current) is { } migratable)
        {
            // kubectl moving from client-side apply: conflicts on fields the last-applied annotation still describes
            // are forced through; any other conflict stands on its own.
            var real = e.Conflicts.Where(c => !migratable.Has(c.Path)).ToList();
            if (real.Count > 0) throw new ApplyConflictException(real).ToStatusError();
            managed = ManagedFieldSets.Decode(live?["metadata"]?["managedFields"]) ?? new ManagedFieldSets();
            result = ownership.Apply(managed, current, config, configFields, identity, r.ApiVersion, force: true, now);
        }
        catch (ApplyConflictException e)
        {
            throw e.ToStatusError();
        }
        if (manager == ClientSideApplyInterop.Manager) ClientSideApplyInterop.SyncLastApplied(result, current, config);
        managed.CapUpdateManagers();
        RemoveNulls(result);
        SetManagedFields(Metadata(result), managed);
        return result;
    }

    /// <summary>Metadata the server owns: apimachinery's stripMetaManager never records it for anyone.</summary>
    static readonly FieldSet StrippedMetadata = FieldSet.Of(
        [.. new[] { "apiVersion", "kind", "metadata" }.Select(f => FieldPath(f)),
         .. new[] { "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion" }
             .Select(f => FieldPath("metadata", f))]);

    static IReadOnlyList<PathElement> FieldPath(params string[] fields) => fields.Select(PathElement.Field).ToList();

    /// <summary>
    /// The fields a write cannot set (the strategy resets them): status through the main resource of a kind with a
    /// status subresource; everything but status through /status.
    /// </summary>
    static FieldSet Ignored(ResourceDefinition r, string? subresource, JsonObject? before, JsonObject after)
    {
        if (subresource == "status")
        {
            var keys = (before?.Select(kv => kv.Key) ?? []).Union(after.Select(kv => kv.Key)).Where(k => k != "status");
            return FieldSet.Of([.. keys.Select(k => FieldPath(k))]);
        }
        return r.HasStatus ? FieldSet.Of(FieldPath("status")) : FieldSet.Empty;
    }

    /// <summary>Go's GroupVersionKind.String(): "apps/v1, Kind=Deployment", "/v1, Kind=Pod" for the core group.</summary>
    static string GroupVersionKindText(string apiVersion, string kind) =>
        $"{(apiVersion.Contains('/') ? apiVersion : "/" + apiVersion)}, Kind={kind}";

    static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }

    static void SetManagedFields(JsonObject meta, ManagedFieldSets managed)
    {
        if (managed.Encode() is { } entries) meta["managedFields"] = entries;
        else meta.Remove("managedFields");
    }

    static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta) return meta;
        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    /// <summary>An applied <c>null</c> owns a field without a value; the stored object simply lacks it.</summary>
    static void RemoveNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList()) o.Remove(key);
                foreach (var (_, child) in o) RemoveNulls(child);
                break;
            case JsonArray a:
                foreach (var item in a) RemoveNulls(item);
                break;
        }
    }
}
