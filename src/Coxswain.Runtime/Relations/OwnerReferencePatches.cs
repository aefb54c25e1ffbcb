using System.Text.Json.Nodes;
using Coxswain.Runtime.Patching;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Relations;

/// <summary>
/// The JSON patches that adopt an object (add a controller reference) or release it (remove ours). Like kube-controller-
/// manager's strategic patches they are pinned to the object's UID, so a same-named replacement is never touched; they
/// also test the references they edit (kube-rs's finalizer scheme), so a concurrent adoption by another controller
/// makes the patch fail instead of producing two controllers. JSON patches work for custom resources too, where
/// strategic merge patches do not.
/// </summary>
public static class OwnerReferencePatches
{
    /// <summary>Adds <paramref name="controllerReference"/> to <paramref name="obj"/>, guarded by its current references.</summary>
    public static V1Patch Adopt(IKubernetesObject<V1ObjectMeta> obj, V1OwnerReference controllerReference)
    {
        var current = obj.Metadata?.OwnerReferences;
        var reference = JsonNode.Parse(KubernetesJson.Serialize(controllerReference));
        var patch = new JsonPatchBuilder().Test("/metadata/uid", obj.Metadata?.Uid);
        if (current is null || current.Count == 0)
        {
            patch.Test("/metadata/ownerReferences", current is null ? null : new JsonArray())
                .Add("/metadata/ownerReferences", new JsonArray(reference));
        }
        else
        {
            patch.Test("/metadata/ownerReferences", JsonNode.Parse(KubernetesJson.Serialize(current)))
                .Add("/metadata/ownerReferences/-", reference);
        }

        return patch.ToPatch();
    }

    /// <summary>Removes the reference to the owner with <paramref name="ownerUid"/>; null when <paramref name="obj"/> has none.</summary>
    public static V1Patch? Release(IKubernetesObject<V1ObjectMeta> obj, string ownerUid)
    {
        var index = obj.Metadata?.OwnerReferences?.ToList().FindIndex(r => string.Equals(r.Uid, ownerUid, StringComparison.Ordinal)) ?? -1;
        if (index < 0)
        {
            return null;
        }

        var path = $"/metadata/ownerReferences/{index}";
        return new JsonPatchBuilder()
            .Test("/metadata/uid", obj.Metadata!.Uid)
            .Test($"{path}/uid", ownerUid)
            .Remove(path)
            .ToPatch();
    }
}
