using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>A request to bind a pod to a node: the content of a core/v1 Binding.</summary>
public sealed record BindingRequest(
    string Namespace,
    string PodName,
    string NodeName,
    string? UidPrecondition = null,
    string? ResourceVersionPrecondition = null,
    IReadOnlyDictionary<string, string>? Annotations = null,
    bool DryRun = false);

/// <summary>
/// The semantics of <c>POST pods/{name}/binding</c> (kube-apiserver's BindingREST), used both by the HTTP endpoint and by
/// the in-process scheduler: an unassigned, not-deleting pod gets <c>spec.nodeName</c>, the binding's annotations and a
/// PodScheduled=True condition in one write. Like upstream it writes below the pod strategy (spec.nodeName is otherwise
/// immutable), with the binding's uid and resourceVersion as storage preconditions.
/// </summary>
public sealed class PodBinding(ResourceStorage storage, TimeProvider? time = null)
{
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;
    readonly TimeProvider time = time ?? TimeProvider.System;

    public async Task BindAsync(BindingRequest binding)
    {
        var key = ObjectKeys.For(Pods, binding.Namespace, binding.PodName);
        for (var attempt = 0; ; attempt++)
        {
            var current = storage.Store.Get(key) ?? throw StatusError.NotFound(Pods, binding.PodName);
            var pod = current.ToJsonObject();
            var meta = ResourceStorage.Metadata(pod);
            CheckPreconditions(binding, current, meta);
            if (meta["deletionTimestamp"] is not null)
                throw BindingConflict(binding.PodName, $"pod {binding.PodName} is being deleted, cannot be assigned to a host");
            var spec = pod.GetOrAddObject("spec");
            if (spec.StrOrEmpty("nodeName") is { Length: > 0 } assigned)
                throw BindingConflict(binding.PodName, $"pod {binding.PodName} is already assigned to node \"{assigned}\"");

            spec["nodeName"] = binding.NodeName;
            if (binding.Annotations is { Count: > 0 })
            {
                var annotations = meta.GetOrAddObject("annotations");
                foreach (var (k, v) in binding.Annotations) annotations[k] = v;
            }
            PodConditions.Set(pod.GetOrAddObject("status"), "PodScheduled", "True", null, null, time.GetUtcNow());
            if (binding.DryRun) return;
            try
            {
                await storage.Store.UpdateAsync(key, current.Revision, pod).ConfigureAwait(false);
                return;
            }
            catch (RevisionMismatchException) when (attempt < 16 && binding.ResourceVersionPrecondition is null)
            {
            }
            catch (RevisionMismatchException)
            {
                throw StatusError.Conflict(Pods, binding.PodName, StatusError.OptimisticLockMessage);
            }
            catch (KeyNotFoundStorageException)
            {
                throw StatusError.NotFound(Pods, binding.PodName);
            }
        }
    }

    static void CheckPreconditions(BindingRequest binding, StoredObject current, JsonObject meta)
    {
        var uid = (string?)meta["uid"];
        if (binding.UidPrecondition is { Length: > 0 } wantedUid && wantedUid != uid)
            throw StatusError.Conflict(Pods, binding.PodName, $"Precondition failed: UID in precondition: {wantedUid}, UID in object meta: {uid}");
        if (binding.ResourceVersionPrecondition is { Length: > 0 } wantedRv && wantedRv != current.Revision.ToString())
            throw StatusError.Conflict(Pods, binding.PodName,
                $"Precondition failed: ResourceVersion in precondition: {wantedRv}, ResourceVersion in object meta: {current.Revision}");
    }

    /// <summary>Failures inside the binding are conflicts on the "pods/binding" resource.</summary>
    static StatusError BindingConflict(string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on pods/binding \"{name}\": {detail}",
            new JsonObject { ["name"] = name, ["kind"] = "pods/binding" });
}
