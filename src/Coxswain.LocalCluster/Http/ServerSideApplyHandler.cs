using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Patching.ServerSideApply;
using Coxswain.LocalCluster.Storage;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// <c>PATCH</c> with <c>application/apply-patch+yaml</c>: server-side apply of the body (YAML or JSON) by the request's
/// field manager, through <see cref="FieldManager.Apply"/>. An object that does not exist yet is created (the caller
/// answers 201); through <c>/status</c> it must exist.
/// </summary>
public sealed class ServerSideApplyHandler(ResourceStorage storage)
{
    public async Task<(StoredObject Object, bool Created)> ApplyAsync(
        ResourceDefinition r, string? ns, string name, string? subresource, RequestQuery q, string manager, byte[] body)
    {
        var config = YamlBody.ToJsonObject(r, body);
        var force = q.Force == true;
        // The apply computes managedFields itself; storage must not record the write a second time as an Update.
        var options = new WriteOptions(q.DryRun, manager) { Subresource = subresource, ManagedFieldsRecorded = true };

        if (subresource is null && storage.TryGet(r, ns, name) is null)
        {
            var created = Applied(r, ns, name, null, config, manager, force, subresource);
            try
            {
                return (await storage.CreateAsync(r, ns, created, options).ConfigureAwait(false), true);
            }
            catch (StatusError e) when (e.Reason == "AlreadyExists")
            {
                // Someone created it meanwhile: apply to what they created.
            }
        }
        var updated = await storage.GuaranteedUpdateAsync(r, ns, name, null, options,
            current => Applied(r, ns, name, current, config, manager, force, subresource)).ConfigureAwait(false);
        return (updated, false);
    }

    JsonObject Applied(ResourceDefinition r, string? ns, string name, JsonObject? current, JsonObject config, string manager, bool force, string? subresource)
    {
        var applied = FieldManager.Apply(r, current, config, manager, force, subresource, storage.Time.GetUtcNow());
        CheckName(applied, name, ns);
        // As for other patches, a resourceVersion in the configuration is an optimistic-lock precondition.
        var precondition = (string?)config["metadata"]?["resourceVersion"];
        if (current is not null && !string.IsNullOrEmpty(precondition) && precondition != (string?)current["metadata"]?["resourceVersion"])
            throw StatusError.Conflict(r, name, StatusError.OptimisticLockMessage);

        var (normalized, _) = ObjectDecoder.Normalize(r, applied);
        if (current is null) return normalized;
        if (subresource == "status")
        {
            // Through /status only the status and the ownership records change.
            current["status"] = normalized["status"]?.DeepClone();
            ResourceStorage.Metadata(current)["managedFields"] = normalized["metadata"]?["managedFields"]?.DeepClone();
            return current;
        }
        if (r.HasStatus)
        {
            if (current["status"] is { } status) normalized["status"] = status.DeepClone();
            else normalized.Remove("status");
        }
        return normalized;
    }

    /// <summary>kube-apiserver's checkName on the patched object.</summary>
    static void CheckName(JsonObject obj, string name, string? ns)
    {
        var objectName = (string?)obj["metadata"]?["name"] ?? "";
        if (objectName != name)
            throw StatusError.BadRequest($"the name of the object ({objectName}) does not match the name on the URL ({name})");
        var objectNamespace = (string?)obj["metadata"]?["namespace"];
        if (!string.IsNullOrEmpty(ns) && !string.IsNullOrEmpty(objectNamespace) && objectNamespace != ns)
            throw StatusError.BadRequest($"the namespace of the object ({objectNamespace}) does not match the namespace on the URL ({ns})");
    }
}
