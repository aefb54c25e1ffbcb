using System.Text.Json;
using System.Text.Json.Nodes;
using static Coxswain.LocalCluster.Patching.StrategicMerge.StrategicMergeDirectives;

namespace Coxswain.LocalCluster.Patching.StrategicMerge;

/// <summary>
/// Strategic merge patch as kube-apiserver applies it (apimachinery <c>strategicpatch.StrategicMergeMapPatch</c>): a JSON
/// merge patch whose lists merge per the field's strategy — lists of objects by their merge key, lists of primitives as
/// a union — honouring <c>$patch</c> (replace, delete, merge) in maps and list items, <c>$retainKeys</c>,
/// <c>$setElementOrder/…</c>, <c>$deleteFromPrimitiveList/…</c>, and <c>null</c> deleting a key.
/// Per-field facts come from <see cref="MergeSchema"/>; lists without the merge strategy are replaced whole.
/// <para>Deliberate differences from upstream, all on input kubectl never sends: a value patched into a key the
/// original lacks is merged against nothing (so its directives and nulls are resolved rather than stored), and
/// <c>$patch: merge</c> is accepted as the explicit default instead of failing.</para>
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>The patched copy of <paramref name="original"/>; neither argument is modified.</summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch, MergeSchema schema) =>
        MergeMap(original.DeepClone().AsObject(), patch.DeepClone().AsObject(), schema);

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/>; both are owned (mutated) by the call.</summary>
    internal static JsonObject MergeMap(JsonObject original, JsonObject patch, MergeSchema schema)
    {
        if (patch.TryGetPropertyValue(Patch, out var directive))
        {
            switch (Text(directive))
            {
                case Replace:
                    patch.Remove(Patch);
                    return patch;
                case Delete:
                    return new JsonObject();
                case Merge:
                    patch.Remove(Patch);
                    break;
                default:
                    throw StrategicMergePatchException.Unknown($"unknown patch type: {GoFormat.Value(directive)} in map: {GoFormat.Value(patch)}");
            }
        }

        ApplyRetainKeys(original, patch);
        StrategicListMerge.MergeOrderedLists(original, patch, schema);

        // Deletions from primitive lists go last so that a value both added and deleted ends up deleted.
        var entries = Detach(patch);
        foreach (var (key, value) in entries.Where(e => !IsDeleteFromPrimitiveList(e.Key)))
            MergeField(original, key, value, schema, isDeletionList: false);
        foreach (var (key, value) in entries.Where(e => IsDeleteFromPrimitiveList(e.Key)))
            MergeField(original, ListKey(key, DeleteFromPrimitiveListPrefix), value, schema, isDeletionList: true);
        return original;
    }

    static void MergeField(JsonObject original, string key, JsonNode? patchValue, MergeSchema schema, bool isDeletionList)
    {
        if (patchValue is null)
        {
            original.Remove(key);
            return;
        }
        var field = schema.Field(key);
        if (!original.TryGetPropertyValue(key, out var current) || current is null)
        {
            if (!isDeletionList) original[key] = MergeIntoNothing(patchValue, field);
            return;
        }
        if (KindOf(current) != KindOf(patchValue))
        {
            original[key] = patchValue;
            return;
        }
        // Merging works on a copy of the current value so that the result can take its place (a node has one parent).
        original[key] = (current, patchValue) switch
        {
            (JsonObject o, JsonObject p) => MergeMap(o.DeepClone().AsObject(), p, field),
            (JsonArray a, JsonArray p) when isDeletionList => StrategicListMerge.DeleteFromPrimitiveList(a.DeepClone().AsArray(), p),
            (JsonArray a, JsonArray p) when field.HasMergeStrategy => StrategicListMerge.MergeList(a.DeepClone().AsArray(), p, field),
            _ => patchValue,
        };
    }

    /// <summary>A patch value for a key the original lacks, with its directives and nulls resolved.</summary>
    internal static JsonNode MergeIntoNothing(JsonNode patchValue, MergeSchema field) => patchValue switch
    {
        JsonObject p => MergeMap(new JsonObject(), p, field),
        JsonArray p when field.HasMergeStrategy => StrategicListMerge.MergeList(new JsonArray(), p, field),
        _ => patchValue,
    };

    /// <summary>
    /// <c>$retainKeys</c>: keys of the original missing from the list are cleared, and the patch may only set listed keys
    /// (nulls and parallel-list directives aside).
    /// </summary>
    static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeys, out var retain)) return;
        patch.Remove(RetainKeys);
        if (retain is not JsonArray list) throw StrategicMergePatchException.BadRetainKeys();
        var keep = list.Select(k => Text(k)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (value is null || IsDeleteFromPrimitiveList(key) || IsSetElementOrder(key)) continue;
            if (!keep.Contains(key)) throw StrategicMergePatchException.BadRetainKeys();
        }
        foreach (var key in original.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
            original.Remove(key);
    }
}
