using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tables;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// What kube-apiserver does so that <c>kubectl apply</c> can move between client-side and server-side apply (its
/// lastAppliedManager and lastAppliedUpdater), for the field manager "kubectl" only — other managers opt out:
/// conflicts on fields the <c>last-applied-configuration</c> annotation set, still at the value it set, do not stop the
/// apply; and an apply keeps that annotation, where present, in step with the applied configuration.
/// </summary>
internal static class ClientSideApplyInterop
{
    public const string Manager = "kubectl";
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>
    /// The fields client-side apply set and nobody changed since: conflicts on them are the migration's, not real ones.
    /// Null when the live object has no usable annotation.
    /// </summary>
    public static FieldSet? MigratableFields(MergeSchema schema, JsonObject live)
    {
        if (LastApplied(live) is not { } text) return null;
        JsonObject? lastApplied;
        try { lastApplied = JsonNode.Parse(text) as JsonObject; }
        catch (JsonException) { return null; }
        if (lastApplied is null) return null;
        var fields = FieldSetBuilder.Build(schema, lastApplied, strict: true, out var errors);
        if (errors.Count > 0) return null;
        return fields.Difference(ObjectComparison.Compare(schema, lastApplied, live).Modified);
    }

    /// <summary>Rewrites the annotation of <paramref name="result"/> to <paramref name="config"/> when the live object had one.</summary>
    public static void SyncLastApplied(JsonObject result, JsonObject live, JsonObject config)
    {
        if (LastApplied(live) is null || result["metadata"] is not JsonObject meta) return;
        var applied = config.DeepClone().AsObject();
        (applied["metadata"]?["annotations"] as JsonObject)?.Remove(LastAppliedAnnotation);
        if (meta["annotations"] is not JsonObject annotations) meta["annotations"] = annotations = new JsonObject();
        // As apimachinery encodes it: Go's JSON of the object, keys sorted, with the encoder's trailing newline.
        annotations[LastAppliedAnnotation] = GoValueText.Marshal(applied) + "\n";
    }

    static string? LastApplied(JsonObject obj) =>
        obj["metadata"]?["annotations"]?[LastAppliedAnnotation] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
