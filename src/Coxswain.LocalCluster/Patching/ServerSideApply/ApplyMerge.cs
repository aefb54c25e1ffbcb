using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// Merges an applied configuration into the live object (structured-merge-diff's <c>Merge</c>): the configuration's
/// leaves win, objects merge field by field, granular lists item by item, atomic values are replaced whole. Nothing is
/// removed here; dropping what a manager stopped applying is <see cref="FieldOwnership"/>'s pruning.
/// </summary>
internal static class ApplyMerge
{
    public static JsonObject Merge(MergeSchema schema, JsonObject live, JsonObject config) =>
        (JsonObject)Merge(schema, live, config, livePresent: true, configPresent: true)!;

    static JsonNode? Merge(MergeSchema schema, JsonNode? live, JsonNode? config, bool livePresent, bool configPresent)
    {
        if (!configPresent) return live?.DeepClone();
        if (!livePresent) return config?.DeepClone();
        var shape = ValueShapes.Of(schema, config);
        if (shape == ValueShape.Leaf || ValueShapes.Of(schema, live) != shape || (ValueShapes.IsEmptyContainer(live) && ValueShapes.IsEmptyContainer(config)))
            return config?.DeepClone();
        return shape == ValueShape.Fields
            ? MergeFields(schema, (JsonObject)live!, (JsonObject)config!)
            : MergeItems(schema, (JsonArray)live!, (JsonArray)config!);
    }

    static JsonObject MergeFields(MergeSchema schema, JsonObject live, JsonObject config)
    {
        var result = new JsonObject();
        foreach (var (key, value) in live)
        {
            var inConfig = config.TryGetPropertyValue(key, out var configValue);
            result[key] = Merge(schema.Field(key), value, configValue, livePresent: true, inConfig);
        }
        foreach (var (key, value) in config)
            if (!live.ContainsKey(key)) result[key] = value?.DeepClone();
        return result;
    }

    /// <summary>
    /// Items of both lists merge; the result keeps the live order for live-only items and follows the configuration's
    /// order for the items it names (structured-merge-diff's list merge with its "shared order").
    /// </summary>
    static JsonArray MergeItems(MergeSchema schema, JsonArray live, JsonArray config)
    {
        var liveItems = ListItemKeys.Index(schema, live);
        var configItems = ListItemKeys.Index(schema, config);
        var liveByKey = liveItems.ToDictionary(i => i.Element, i => i.Item);
        var configByKey = configItems.ToDictionary(i => i.Element, i => i.Item);
        var shared = new Queue<PathElement>(configItems.Select(i => i.Element).Where(liveByKey.ContainsKey));
        var result = new JsonArray();

        JsonNode? MergeItem(PathElement element) => Merge(schema.Items,
            liveByKey.GetValueOrDefault(element), configByKey.GetValueOrDefault(element),
            liveByKey.ContainsKey(element), configByKey.ContainsKey(element));

        int l = 0, c = 0;
        while (l < liveItems.Count || c < configItems.Count)
        {
            if (l < liveItems.Count && c < configItems.Count)
            {
                var liveElement = liveItems[l].Element;
                if (liveElement.Equals(configItems[c].Element))
                {
                    result.Add(MergeItem(liveElement));
                    l++;
                    c++;
                    if (shared.Count > 0) shared.Dequeue();
                    continue;
                }
                if (configByKey.ContainsKey(liveElement) && shared.Count > 0 && !shared.Peek().Equals(liveElement))
                {
                    l++; // a shared item the configuration places later: it is emitted when the configuration reaches it
                    continue;
                }
            }
            if (l < liveItems.Count && !configByKey.ContainsKey(liveItems[l].Element))
            {
                result.Add(MergeItem(liveItems[l].Element));
                l++;
                continue;
            }
            if (c < configItems.Count)
            {
                var element = configItems[c].Element;
                result.Add(MergeItem(element));
                c++;
                if (shared.Count > 0 && shared.Peek().Equals(element)) shared.Dequeue();
            }
            else
            {
                l++; // only shared live items remain, all already emitted
            }
        }
        return result;
    }
}
