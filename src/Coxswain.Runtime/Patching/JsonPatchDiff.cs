using System.Text.Json.Nodes;

namespace Coxswain.Runtime.Patching;

/// <summary>
/// Computes the JSON patch (RFC 6902) that turns one document into another, as a mutating admission webhook answers
/// (controller-runtime's <c>PatchResponseFromRaw</c>): objects are compared member by member, arrays element by element
/// (extra elements are added at the end or removed from the end, last first, so indexes stay valid), anything else that
/// differs is replaced. Applying the result to the original yields the modified document.
/// </summary>
public static class JsonPatchDiff
{
    /// <summary>The operations from <paramref name="original"/> to <paramref name="modified"/>; empty when they are equal.</summary>
    public static JsonArray Create(JsonNode? original, JsonNode? modified)
    {
        var patch = new JsonPatchBuilder();
        Diff(string.Empty, original, modified, patch);
        return patch.Build();
    }

    private static void Diff(string path, JsonNode? before, JsonNode? after, JsonPatchBuilder patch)
    {
        switch (before, after)
        {
            case (JsonObject beforeObject, JsonObject afterObject):
                foreach (var (name, _) in beforeObject)
                {
                    if (!afterObject.ContainsKey(name))
                    {
                        patch.Remove(Child(path, name));
                    }
                }

                foreach (var (name, value) in afterObject)
                {
                    if (beforeObject.TryGetPropertyValue(name, out var previous))
                    {
                        Diff(Child(path, name), previous, value, patch);
                    }
                    else
                    {
                        patch.Add(Child(path, name), value);
                    }
                }

                break;
            case (JsonArray beforeArray, JsonArray afterArray):
                var common = Math.Min(beforeArray.Count, afterArray.Count);
                for (var i = 0; i < common; i++)
                {
                    Diff($"{path}/{i}", beforeArray[i], afterArray[i], patch);
                }

                for (var i = common; i < afterArray.Count; i++)
                {
                    patch.Add($"{path}/{i}", afterArray[i]);
                }

                for (var i = beforeArray.Count - 1; i >= common; i--)
                {
                    patch.Remove($"{path}/{i}");
                }

                break;
            default:
                if (!JsonNode.DeepEquals(before, after))
                {
                    patch.Replace(path, after);
                }

                break;
        }
    }

    private static string Child(string path, string name) => $"{path}/{JsonPatchBuilder.Escape(name)}";
}
