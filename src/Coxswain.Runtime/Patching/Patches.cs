using System.Text.Json.Nodes;
using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Patching;

/// <summary>
/// Builds the patches a controller sends (controller-runtime's <c>client.MergeFrom</c>, <c>client.RawPatch</c>,
/// <c>client.Apply</c>), as KubernetesClient <see cref="V1Patch"/> values for <see cref="ResourceClient{T}.PatchAsync"/>.
/// Patches write only what changed, so two controllers (or a controller and a human) editing different fields of one
/// object do not overwrite each other the way a full update of a stale copy would.
/// </summary>
public static class Patches
{
    /// <summary>A JSON merge patch (RFC 7386) from a partial object: maps merge, <c>null</c> deletes, lists are replaced.</summary>
    public static V1Patch Merge(JsonObject partial) => new(partial.ToJsonString(), V1Patch.PatchType.MergePatch);

    /// <summary>
    /// The JSON merge patch that turns <paramref name="original"/> into <paramref name="modified"/>: copy the cached
    /// object, change the copy, send the difference. With <paramref name="optimisticLock"/> the patch also carries the
    /// original's <c>resourceVersion</c>, so it fails with 409 Conflict if the object changed meanwhile (needed when
    /// the change replaces a list that someone else may have edited).
    /// </summary>
    public static V1Patch MergeFrom<T>(T original, T modified, bool optimisticLock = false)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var diff = MergePatchDiff.Create(ToNode(original), ToNode(modified));
        if (optimisticLock)
        {
            var metadata = diff["metadata"] as JsonObject ?? (JsonObject)(diff["metadata"] = new JsonObject());
            metadata["resourceVersion"] = original.Metadata?.ResourceVersion
                ?? throw new ArgumentException("An optimistic lock needs the original's resourceVersion.", nameof(original));
        }

        return Merge(diff);
    }

    /// <summary>A JSON patch (RFC 6902) from its operations; see <see cref="JsonPatchBuilder"/>.</summary>
    public static V1Patch Json(JsonArray operations) => new(operations.ToJsonString(), V1Patch.PatchType.JsonPatch);

    /// <summary>
    /// A server-side apply body: the object as JSON with <c>kind</c> and <c>apiVersion</c> filled in (apply requires
    /// them) and without <c>managedFields</c>, <c>resourceVersion</c>-free unless the caller set one deliberately.
    /// </summary>
    public static V1Patch Apply<T>(T obj, ApiResource resource) where T : IKubernetesObject<V1ObjectMeta>
    {
        var node = Serialize(obj, resource);
        if (node["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
        }

        return new V1Patch(node.ToJsonString(), V1Patch.PatchType.ApplyPatch);
    }

    /// <summary>
    /// An object's wire JSON with <c>kind</c> and <c>apiVersion</c> set from <paramref name="resource"/> when the model
    /// left them empty (KubernetesClient's built-in models do unless the caller fills them). The object is not modified:
    /// it may be a shared cached instance.
    /// </summary>
    public static JsonObject Serialize<T>(T obj, ApiResource resource) where T : IKubernetesObject
    {
        var node = ToNode(obj);
        if (!string.IsNullOrEmpty((string?)node["kind"]) && !string.IsNullOrEmpty((string?)node["apiVersion"]))
        {
            return node;
        }

        // Type first, as every Kubernetes client writes it.
        var typed = new JsonObject { ["apiVersion"] = resource.ApiVersion, ["kind"] = resource.Kind };
        foreach (var (name, value) in node.Where(p => p.Key is not ("apiVersion" or "kind")).ToList())
        {
            node.Remove(name);
            typed[name] = value;
        }

        return typed;
    }

    /// <summary>The Content-Type of a patch type.</summary>
    public static string MediaTypeOf(V1Patch.PatchType type) => type switch
    {
        V1Patch.PatchType.JsonPatch => "application/json-patch+json",
        V1Patch.PatchType.MergePatch => "application/merge-patch+json",
        V1Patch.PatchType.StrategicMergePatch => "application/strategic-merge-patch+json",
        // JSON is YAML, and the server reads JSON apply bodies under this type.
        V1Patch.PatchType.ApplyPatch => "application/apply-patch+yaml",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown patch type."),
    };

    /// <summary>The body of a patch: text as is, anything else serialized with KubernetesClient's JSON settings.</summary>
    public static string ContentOf(V1Patch patch) => patch.Content switch
    {
        string text => text,
        JsonNode node => node.ToJsonString(),
        var other => KubernetesJson.Serialize(other),
    };

    private static JsonObject ToNode<T>(T obj) => JsonNode.Parse(KubernetesJson.Serialize(obj!))!.AsObject();
}
