using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Admission;
using Coxswain.LocalCluster.Patching.ServerSideApply;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Api;

/// <param name="FieldManager">Who the write is recorded under in managedFields; null for the server's own writes.</param>
public sealed record WriteOptions(bool DryRun = false, string? FieldManager = null)
{
    /// <summary>The subresource written ("status", "scale", …): admission webhooks match and see it, and managedFields record it.</summary>
    public string? Subresource { get; init; }
    /// <summary>Receives admission warnings (Warning response headers); null drops them.</summary>
    public Action<string>? Warn { get; init; }
    /// <summary>Server-side apply computed the object's managedFields itself: the write is not recorded again as an Update.</summary>
    public bool ManagedFieldsRecorded { get; init; }
}

public sealed record DeleteOptions(
    long? GracePeriodSeconds = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    string? PropagationPolicy = null,
    bool DryRun = false)
{
    /// <summary>Receives admission warnings (Warning response headers); null drops them.</summary>
    public Action<string>? Warn { get; init; }
}

/// <summary>
/// kube-apiserver's generic registry store for every resource: the object lifecycle rules (names, uids, generation,
/// status subresource, finalizers, graceful deletion, optimistic concurrency) on top of the <see cref="ObjectStore"/>.
/// Objects in and out are wire JSON; HTTP concerns live in the Http layer.
/// </summary>
public sealed class ResourceStorage(ObjectStore store, ResourceCatalog catalog, IObjectStrategy strategy, TimeProvider? time = null)
{
    readonly TimeProvider time = time ?? TimeProvider.System;

    public ObjectStore Store => store;
    public ResourceCatalog Catalog => catalog;
    public TimeProvider Time => time;

    /// <summary>Admission (webhooks) run on every create, update and delete; see Admission/.</summary>
    public IAdmission Admission { get; init; } = NoAdmission.Instance;

    /// <summary>Custom resources are stored in the CRD's storage version whatever version they were written in.</summary>
    public CustomResources.VersionConverter Conversion { get; init; } = CustomResources.VersionConverter.WithoutWebhooks;

    // ---- reads --------------------------------------------------------------------------------------------------

    public StoredObject Get(ResourceDefinition r, string? ns, string name) =>
        store.Get(ObjectKeys.For(r, ns, name)) ?? throw StatusError.NotFound(r, name);

    public StoredObject? TryGet(ResourceDefinition r, string? ns, string name) => store.Get(ObjectKeys.For(r, ns, name));

    // ---- create -------------------------------------------------------------------------------------------------

    public async Task<StoredObject> CreateAsync(ResourceDefinition r, string? ns, JsonObject obj, WriteOptions options)
    {
        var meta = Metadata(obj);
        CheckTypeMeta(r, obj);
        ns = ReconcileNamespace(r, ns, meta);
        var name = (string?)meta["name"];
        if (string.IsNullOrEmpty(name))
        {
            var generateName = (string?)meta["generateName"];
            if (!string.IsNullOrEmpty(generateName)) meta["name"] = name = generateName + RandomSuffix();
        }

        if (ns is not null) EnsureNamespaceAcceptsContent(r, ns, name ?? "");

        // Admission: mutating webhooks see the defaulted object before the server fills in its own fields, as on
        // kube-apiserver; a webhook's change is defaulted and prepared again.
        strategy.PrepareForCreate(r, obj);
        if (await Admission.AdmitAsync(AdmissionAttributes.ForCreate(r, ns, obj, options)).ConfigureAwait(false) is { } admitted && admitted != obj)
        {
            obj = admitted;
            meta = Metadata(obj);
            CheckTypeMeta(r, obj);
            ReconcileNamespace(r, ns, meta);
            if (name is not null) meta["name"] = name; // the name is the request's, whatever a webhook did to it
            strategy.PrepareForCreate(r, obj);
        }

        // Fields the server owns, whatever the client sent.
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = KubeTime.Format(time.GetUtcNow());
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("selfLink");
        if (TracksGeneration(r)) meta["generation"] = 1; else meta.Remove("generation");

        RecordManagedFields(r, null, obj, options);
        Validate(r, name ?? "", strategy.ValidateCreate(r, obj));
        if (string.IsNullOrEmpty(name))
            throw StatusError.Invalid(r, "", [FieldError.Required("metadata.name", "name or generateName is required")]);
        await Admission.ValidateAsync(AdmissionAttributes.ForCreate(r, ns, obj, options)).ConfigureAwait(false);

        obj = await Conversion.ToStorageVersionAsync(r, obj).ConfigureAwait(false);
        var key = ObjectKeys.For(r, ns, name);
        if (options.DryRun)
        {
            if (store.Get(key) is not null) throw StatusError.AlreadyExists(r, name);
            return DryRunResult(key, obj);
        }
        try
        {
            return await store.CreateAsync(key, obj).ConfigureAwait(false);
        }
        catch (KeyExistsException)
        {
            throw StatusError.AlreadyExists(r, name);
        }
    }

    // ---- update -------------------------------------------------------------------------------------------------

    /// <summary>
    /// PUT semantics. With a resourceVersion in the body the write is conditional (409 when stale); without one it is
    /// applied to whatever is current, retrying internally as kube-apiserver's GuaranteedUpdate does.
    /// </summary>
    public async Task<StoredObject> UpdateAsync(ResourceDefinition r, string? ns, string name, JsonObject obj, string? subresource, WriteOptions options)
    {
        var meta = Metadata(obj);
        CheckTypeMeta(r, obj);
        var bodyName = (string?)meta["name"];
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
            throw StatusError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        ReconcileNamespace(r, ns, meta);
        var precondition = (string?)meta["resourceVersion"];
        if (!string.IsNullOrEmpty(precondition) && !long.TryParse(precondition, out _))
            throw StatusError.BadRequest($"invalid resource version: \"{precondition}\"");

        return await GuaranteedUpdateAsync(r, ns, name, precondition, options with { Subresource = subresource },
                current => Merge(r, obj.DeepClone().AsObject(), current, subresource))
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Read-modify-write against the current object: <paramref name="transform"/> receives a fresh copy of the current
    /// object and returns the desired one. Conflicts on an unconditional write are retried; on a conditional one they are 409.
    /// <paramref name="subresource"/> names the subresource written (status, finalize), whose transform already confines
    /// the change to its part of the object.
    /// </summary>
    public async Task<StoredObject> GuaranteedUpdateAsync(
        ResourceDefinition r, string? ns, string name, string? resourceVersionPrecondition, WriteOptions options,
        Func<JsonObject, JsonObject> transform, string? subresource = null)
    {
        subresource ??= options.Subresource;
        options = options with { Subresource = subresource };
        var key = ObjectKeys.For(r, ns, name);
        // Retrying a lost compare-and-swap has no attempt limit, as etcd3's GuaranteedUpdate has none: every commit round
        // lets one contender through, so the loop ends, while a limit turned unconditional writes into spurious 409s.
        while (true)
        {
            var current = store.Get(key) ?? throw StatusError.NotFound(r, name);
            if (!string.IsNullOrEmpty(resourceVersionPrecondition) && resourceVersionPrecondition != current.Revision.ToString())
                throw StatusError.Conflict(r, name, StatusError.OptimisticLockMessage);

            // The old object as the request sees it: patches, merges and validation work in the request's version.
            var storedJson = current.ToJsonObject();
            var old = CustomResources.VersionConverter.InServedVersion(storedJson, r);
            var updated = transform(old.DeepClone().AsObject());
            PrepareUpdate(r, name, updated, old, subresource);
            // Admission: mutating webhooks see the defaulted object; a webhook's change is prepared again (the status split,
            // server-owned metadata), then validation and the validating webhooks run on the final object.
            if (await Admission.AdmitAsync(AdmissionAttributes.ForUpdate(r, ns, name, updated, old, options)).ConfigureAwait(false) is { } admitted &&
                admitted != updated)
            {
                updated = admitted;
                PrepareUpdate(r, name, updated, old, subresource);
            }
            var meta = Metadata(updated);
            // Compared once: it decides the generation bump and, for status writes, which validation applies.
            var specChanged = SpecChanged(r, updated, old);
            if (TracksGeneration(r) && specChanged)
                meta["generation"] = ((long?)Metadata(old)["generation"] ?? 0) + 1;
            RecordManagedFields(r, old, updated, options);
            // A status write keeps the stored spec (Merge, or the in-process writer's own transform); only when it really
            // did is the spec left unvalidated, as kube-apiserver's status strategies do.
            Validate(r, name, subresource == "status" && !specChanged
                ? strategy.ValidateStatusUpdate(r, updated, old)
                : strategy.ValidateUpdate(r, updated, old));
            await Admission.ValidateAsync(AdmissionAttributes.ForUpdate(r, ns, name, updated, old, options)).ConfigureAwait(false);
            updated = await Conversion.ToStorageVersionAsync(r, updated).ConfigureAwait(false);

            if (options.DryRun) return DryRunResult(key, updated, current.Revision);
            // The stored object as parsed above, unless it was converted for the request (then parsed again).
            if (SameIgnoringResourceVersion(updated, ReferenceEquals(old, storedJson) ? old : current.ToJsonObject()))
                return current; // a no-op write changes nothing, not even the resourceVersion (as kube-apiserver)
            try
            {
                var stored = await store.UpdateAsync(key, current.Revision, updated).ConfigureAwait(false);
                // A terminating namespace is also held by its spec.finalizers ("kubernetes" until its content is gone): its
                // status conditions are written all through its deletion, and only a finalize that empties them ends it.
                if (IsDeletingWithoutFinalizers(meta) && (!IsNamespaces(r) || !Strings(updated["spec"]?["finalizers"]).Any()))
                    return await store.DeleteAsync(key, stored.Revision).ConfigureAwait(false);
                return stored;
            }
            catch (RevisionMismatchException) when (string.IsNullOrEmpty(resourceVersionPrecondition))
            {
            }
            catch (RevisionMismatchException)
            {
                throw StatusError.Conflict(r, name, StatusError.OptimisticLockMessage);
            }
            catch (KeyNotFoundStorageException)
            {
                throw StatusError.NotFound(r, name);
            }
        }
    }

    void PrepareUpdate(ResourceDefinition r, string name, JsonObject updated, JsonObject old, string? subresource)
    {
        var meta = Metadata(updated);
        PreserveServerMetadata(r, meta, Metadata(old));
        CheckFinalizerChange(r, name, meta, Metadata(old));
        // Upstream gives subresources strategies of their own (podStatusStrategy, namespaceFinalizeStrategy, …). The
        // main resource's PrepareForUpdate would undo the very change a subresource write exists for: it keeps the old
        // status (and, for namespaces, the old spec.finalizers).
        if (subresource is null) strategy.PrepareForUpdate(r, updated, old);
    }

    /// <summary>Applies the status-subresource split: main writes keep the stored status, status writes keep everything else.</summary>
    static JsonObject Merge(ResourceDefinition r, JsonObject incoming, JsonObject current, string? subresource)
    {
        if (subresource == "status")
        {
            // Status writes ignore spec and metadata changes (metav1.ResetObjectMetaForStatus), only status is taken.
            if (incoming["status"] is { } status) current["status"] = status.DeepClone();
            else current.Remove("status");
            return current;
        }
        if (r.HasStatus)
        {
            if (current["status"] is { } oldStatus) incoming["status"] = oldStatus.DeepClone();
            else incoming.Remove("status");
        }
        return incoming;
    }

    /// <summary>Whether two objects are equal but for metadata.resourceVersion (compared in place, without copies).</summary>
    static bool SameIgnoringResourceVersion(JsonObject a, JsonObject b)
    {
        if (a.Count != b.Count) return false;
        foreach (var (key, value) in a)
        {
            if (!b.TryGetPropertyValue(key, out var other)) return false;
            if (key == "metadata" && value is JsonObject metaA && other is JsonObject metaB)
            {
                var countA = metaA.Count - (metaA.ContainsKey("resourceVersion") ? 1 : 0);
                var countB = metaB.Count - (metaB.ContainsKey("resourceVersion") ? 1 : 0);
                if (countA != countB) return false;
                foreach (var (field, fieldValue) in metaA)
                    if (field != "resourceVersion" && (!metaB.TryGetPropertyValue(field, out var otherValue) || !JsonNode.DeepEquals(fieldValue, otherValue)))
                        return false;
            }
            else if (!JsonNode.DeepEquals(value, other)) return false;
        }
        return true;
    }

    void PreserveServerMetadata(ResourceDefinition r, JsonObject meta, JsonObject oldMeta)
    {
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name" })
        {
            if (oldMeta[field] is { } v) meta[field] = v.DeepClone();
            else meta.Remove(field);
        }
        meta.Remove("selfLink");
    }

    static void CheckFinalizerChange(ResourceDefinition r, string name, JsonObject meta, JsonObject oldMeta)
    {
        if (oldMeta["deletionTimestamp"] is null) return;
        var before = Strings(oldMeta["finalizers"]).ToHashSet();
        var added = Strings(meta["finalizers"]).Where(f => !before.Contains(f)).ToList();
        if (added.Count > 0)
            throw StatusError.Invalid(r, name, [FieldError.Forbidden("metadata.finalizers",
                $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(a => $"\"{a}\""))}}}")]);
    }

    static bool IsDeletingWithoutFinalizers(JsonObject meta) =>
        meta["deletionTimestamp"] is not null && !Strings(meta["finalizers"]).Any();

    static bool SpecChanged(ResourceDefinition r, JsonObject a, JsonObject b)
    {
        foreach (var (k, v) in a)
            if (k is not ("metadata" or "status" or "apiVersion" or "kind") && !JsonNode.DeepEquals(v, b[k])) return true;
        foreach (var (k, v) in b)
            if (k is not ("metadata" or "status" or "apiVersion" or "kind") && a[k] is null && v is not null) return true;
        // Resources without a status subresource bump generation on status changes too (as CRDs do).
        return !r.HasStatus && !JsonNode.DeepEquals(a["status"], b["status"]);
    }

    // ---- delete -------------------------------------------------------------------------------------------------

    /// <summary>
    /// DELETE: objects with finalizers (and scheduled pods, and namespaces) enter graceful deletion and are returned with a
    /// deletionTimestamp; others are removed at once. The result says which happened.
    /// </summary>
    public async Task<(StoredObject Object, bool Removed)> DeleteAsync(ResourceDefinition r, string? ns, string name, DeleteOptions options)
    {
        // The NamespaceLifecycle admission plugin's other rule (beside refusing content in terminating namespaces):
        // the namespaces the cluster itself relies on can never be deleted, not even in a dry run.
        if (IsNamespaces(r) && ImmortalNamespaces.Contains(name))
            throw StatusError.Forbidden(r, name, "this namespace may not be deleted");
        var key = ObjectKeys.For(r, ns, name);
        // No attempt limit, as in GuaranteedUpdateAsync (a limit here let the storage exception escape as a 500).
        while (true)
        {
            var current = store.Get(key) ?? throw StatusError.NotFound(r, name);
            var obj = current.ToJsonObject();
            var meta = Metadata(obj);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != (string?)meta["uid"])
                throw StatusError.Conflict(r, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {(string?)meta["uid"]}");
            if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != current.Revision.ToString())
                throw StatusError.Conflict(r, name,
                    $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.Revision}");

            // GracefulDeletion edits what it is given: hand it a copy, so that the no-op check below compares the
            // terminating object with the stored one (comparing it with itself made every graceful DELETE a no-op).
            // Admission sees the delete (no object, the stored one as oldObject) before anything changes.
            var deleting = AdmissionAttributes.ForDelete(r, ns, name, obj, options);
            await Admission.AdmitAsync(deleting).ConfigureAwait(false);
            await Admission.ValidateAsync(deleting).ConfigureAwait(false);

            var graceful = GracefulDeletion(r, obj.DeepClone().AsObject(), options);
            if (graceful is null)
            {
                if (options.DryRun) return (current, true);
                try
                {
                    return (await store.DeleteAsync(key, current.Revision).ConfigureAwait(false), true);
                }
                catch (RevisionMismatchException) { continue; }
                catch (KeyNotFoundStorageException) { throw StatusError.NotFound(r, name); }
            }

            if (options.DryRun) return (DryRunResult(key, graceful, current.Revision), false);
            if (JsonNode.DeepEquals(graceful, obj)) return (current, false); // already terminating: a repeated DELETE is a no-op
            try
            {
                return (await store.UpdateAsync(key, current.Revision, graceful).ConfigureAwait(false), false);
            }
            catch (RevisionMismatchException) { }
            catch (KeyNotFoundStorageException) { throw StatusError.NotFound(r, name); }
        }
    }

    /// <summary>The object as it should look while deletion is pending, or null when it can be removed right away.</summary>
    JsonObject? GracefulDeletion(ResourceDefinition r, JsonObject obj, DeleteOptions options)
    {
        var meta = Metadata(obj);
        var now = time.GetUtcNow();
        var finalizers = Strings(meta["finalizers"]).ToList();
        var alreadyDeleting = meta["deletionTimestamp"] is not null;

        if (IsNamespaces(r))
        {
            if (!alreadyDeleting)
            {
                meta["deletionTimestamp"] = KubeTime.Format(now);
                meta["deletionGracePeriodSeconds"] = 0;
            }
            var status = obj["status"] as JsonObject ?? new JsonObject();
            status["phase"] = "Terminating";
            obj["status"] = status;
            return obj;
        }

        long? podGrace = null;
        if (r.Group == "" && r.Plural == "pods")
        {
            var nodeName = (string?)obj["spec"]?["nodeName"];
            var phase = (string?)obj["status"]?["phase"];
            var terminal = phase is "Succeeded" or "Failed";
            if (!string.IsNullOrEmpty(nodeName) && !terminal)
            {
                var grace = options.GracePeriodSeconds ?? (long?)obj["spec"]?["terminationGracePeriodSeconds"] ?? 30;
                if (grace > 0) podGrace = grace;
            }
        }

        // Foreground and Orphan propagation are carried out by the garbage collector, which a finalizer makes wait for it
        // (kube-apiserver adds them on the first DELETE; a later DELETE may not switch policy once deletion started).
        if (!alreadyDeleting && options.PropagationPolicy is "Foreground" or "Orphan")
        {
            var gcFinalizer = options.PropagationPolicy == "Foreground" ? ForegroundDeletionFinalizer : OrphanFinalizer;
            if (!finalizers.Contains(gcFinalizer))
            {
                finalizers.Add(gcFinalizer);
                meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)f!).ToArray());
            }
        }

        if (finalizers.Count == 0 && podGrace is null) return null;
        if (!alreadyDeleting)
        {
            meta["deletionTimestamp"] = KubeTime.Format(now.AddSeconds(podGrace ?? 0));
            meta["deletionGracePeriodSeconds"] = podGrace ?? 0;
            if (TracksGeneration(r)) meta["generation"] = ((long?)meta["generation"] ?? 0) + 1;
        }
        else if (podGrace is not null && (long?)meta["deletionGracePeriodSeconds"] is { } existing && podGrace < existing)
        {
            // A second DELETE may only shorten the grace period.
            meta["deletionTimestamp"] = KubeTime.Format(now.AddSeconds(podGrace.Value));
            meta["deletionGracePeriodSeconds"] = podGrace.Value;
        }
        return obj;
    }

    public const string ForegroundDeletionFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    // ---- helpers ------------------------------------------------------------------------------------------------

    /// <summary>kube-apiserver's NamespaceLifecycle "immortal" namespaces (kube-node-lease is not among them).</summary>
    static readonly HashSet<string> ImmortalNamespaces = ["default", "kube-system", "kube-public"];

    static bool IsNamespaces(ResourceDefinition r) => r == BuiltInResources.Namespaces || (r.Group == "" && r.Plural == "namespaces");
    /// <summary>
    /// metadata.managedFields is maintained on every write, as kube-apiserver's field manager does: each write but a
    /// server-side apply (which computed them itself) is recorded as an Update by its field manager. Runs after the
    /// strategy has defaulted and reset fields, so that the entry holds what the write really set.
    /// </summary>
    void RecordManagedFields(ResourceDefinition r, JsonObject? old, JsonObject updated, WriteOptions options)
    {
        if (options.ManagedFieldsRecorded) return;
        FieldManager.RecordUpdate(r, old, updated, options.FieldManager ?? "kube-apiserver", options.Subresource, time.GetUtcNow());
    }

    /// <summary>Whether metadata.generation is maintained: custom resources, workloads, disruption budgets and pods, as kube-apiserver does.</summary>
    public static bool TracksGeneration(ResourceDefinition r) =>
        r.ModelType is null || r.Group is "apps" or "batch" or "policy" or "apiextensions.k8s.io" or "admissionregistration.k8s.io" || r.Plural == "pods";

    static StoredObject DryRunResult(string key, JsonObject obj, long revision = 0)
    {
        var meta = Metadata(obj);
        if (revision > 0) meta["resourceVersion"] = revision.ToString(); else meta.Remove("resourceVersion");
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(obj);
        return new StoredObject(key, revision, revision, bytes,
            new ObjectAttributes((string?)meta["namespace"] ?? "", (string?)meta["name"] ?? "", ObjectAttributes.NoValues, ObjectAttributes.NoValues));
    }

    static void Validate(ResourceDefinition r, string name, IReadOnlyList<FieldError> errors)
    {
        if (errors.Count > 0) throw StatusError.Invalid(r, name, errors);
    }

    static void CheckTypeMeta(ResourceDefinition r, JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"];
        var kind = (string?)obj["kind"];
        if (!string.IsNullOrEmpty(kind) && kind != r.Kind)
            throw StatusError.BadRequest($"the kind of the object ({kind}) does not match the expected kind ({r.Kind})");
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != r.ApiVersion)
            throw StatusError.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({r.ApiVersion})");
        obj["apiVersion"] = r.ApiVersion;
        obj["kind"] = r.Kind;
    }

    static string? ReconcileNamespace(ResourceDefinition r, string? ns, JsonObject meta)
    {
        if (!r.Namespaced)
        {
            meta.Remove("namespace");
            return null;
        }
        var bodyNs = (string?)meta["namespace"];
        if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
            throw StatusError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        meta["namespace"] = ns;
        return ns;
    }

    void EnsureNamespaceAcceptsContent(ResourceDefinition r, string ns, string name)
    {
        var nsObj = store.Get(ObjectKeys.For(BuiltInResources.Namespaces, null, ns))
            ?? throw StatusError.NotFound(BuiltInResources.Namespaces, ns);
        if (nsObj.Attributes.Fields.TryGetValue("status.phase", out var phase) && phase == "Terminating")
        {
            var error = StatusError.Forbidden(r, name, $"unable to create new content in namespace {ns} because it is being terminated");
            error.Details!["causes"] = new JsonArray(new JsonObject
            {
                ["reason"] = "NamespaceTerminating",
                ["message"] = $"namespace {ns} is being terminated",
                ["field"] = "metadata.namespace",
            });
            throw error;
        }
    }

    internal static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m) return m;
        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    internal static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => (string?)x).OfType<string>() : [];

    // kube's generateName alphabet: no vowels (avoids words), no ambiguous characters.
    const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    static string RandomSuffix() =>
        string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = SuffixAlphabet[RandomNumberGenerator.GetInt32(SuffixAlphabet.Length)];
        });
}
