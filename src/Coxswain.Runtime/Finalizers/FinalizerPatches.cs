using System.Text.Json.Nodes;
using Coxswain.Runtime.Patching;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Finalizers;

/// <summary>
/// The JSON patches that add or remove one finalizer. Each carries a <c>test</c> operation on the list it edits, so a
/// concurrent change of the finalizers (another controller adding its own) fails the patch with a conflict instead of
/// being overwritten; the reconcile is then retried on fresh state. This is kube-rs's scheme.
/// </summary>
public static class FinalizerPatches
{
    /// <summary>Appends <paramref name="finalizer"/>, guarded by the current list (or its absence).</summary>
    public static V1Patch Add(IKubernetesObject<V1ObjectMeta> obj, string finalizer)
    {
        var current = obj.Metadata?.Finalizers;
        var patch = new JsonPatchBuilder();
        if (current is null || current.Count == 0)
        {
            patch.Test("/metadata/finalizers", current is null ? null : new JsonArray())
                .Add("/metadata/finalizers", new JsonArray(JsonValue.Create(finalizer)));
        }
        else
        {
            patch.Test("/metadata/finalizers", new JsonArray([.. current.Select(f => (JsonNode?)JsonValue.Create(f))]))
                .Add("/metadata/finalizers/-", JsonValue.Create(finalizer));
        }

        return patch.ToPatch();
    }

    /// <summary>
    /// Removes <paramref name="finalizer"/> by index, guarded by a test that the index still holds it; null when the
    /// object does not carry it.
    /// </summary>
    public static V1Patch? Remove(IKubernetesObject<V1ObjectMeta> obj, string finalizer)
    {
        var index = obj.Metadata?.Finalizers?.IndexOf(finalizer) ?? -1;
        if (index < 0)
        {
            return null;
        }

        var path = $"/metadata/finalizers/{index}";
        return new JsonPatchBuilder().Test(path, JsonValue.Create(finalizer)).Remove(path).ToPatch();
    }
}
