using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// How server-side apply identifies an item of a granular list (structured-merge-diff's <c>listItemToPathElement</c>):
/// by its key fields in a "map" list (a missing key takes its declared default), by its value in a "set".
/// </summary>
internal static class ListItemKeys
{
    /// <summary>The item's path element, or the reason it has none (without the "element i: " prefix).</summary>
    public static PathElement? Of(MergeSchema list, JsonNode? item, out string? error)
    {
        error = null;
        switch (list.ListType)
        {
            case "map" when list.ListMapKeys.Count > 0:
                if (item is not JsonObject obj)
                {
                    error = "associative list with keys has an element that is not a map";
                    return null;
                }
                var keys = new List<KeyValuePair<string, JsonNode?>>();
                foreach (var name in list.ListMapKeys)
                {
                    if (obj.TryGetPropertyValue(name, out var value)) keys.Add(KeyValuePair.Create(name, value));
                    else if (list.ListMapKeyDefaults.TryGetValue(name, out var fallback)) keys.Add(KeyValuePair.Create(name, (JsonNode?)fallback));
                    else
                    {
                        error = $"associative list with keys has an element that omits key field \"{name}\" (and doesn't have default value)";
                        return null;
                    }
                }
                return PathElement.Key(keys);
            case "map" or "set":
                if (item is JsonObject or JsonArray)
                {
                    error = "associative list without keys has an element that's a map or a list type";
                    return null;
                }
                return PathElement.SetValue(item);
            default:
                error = "atomic lists have no item keys";
                return null;
        }
    }

    /// <summary>
    /// The items of a granular list with their path elements, in list order. Items without a key and repeated keys are
    /// reported through <paramref name="onError"/> (as "element i: …" and "duplicate entries for key …") and skipped.
    /// </summary>
    public static List<(PathElement Element, JsonNode? Item)> Index(MergeSchema list, JsonArray items, Action<string>? onError = null)
    {
        var result = new List<(PathElement, JsonNode?)>();
        var seen = new HashSet<PathElement>();
        for (var i = 0; i < items.Count; i++)
        {
            if (Of(list, items[i], out var error) is not { } element)
            {
                onError?.Invoke($"element {i}: {error}");
                continue;
            }
            if (!seen.Add(element))
            {
                onError?.Invoke($"duplicate entries for key {element}");
                continue;
            }
            result.Add((element, items[i]));
        }
        return result;
    }
}
