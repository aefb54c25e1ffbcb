using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// The FieldsV1 encoding of a <see cref="FieldSet"/> in <c>metadata.managedFields[].fieldsV1</c>: a trie of objects
/// keyed by <c>f:</c>/<c>k:</c>/<c>v:</c>/<c>i:</c> path elements, where <c>{}</c> marks a member leaf and a <c>"."</c>
/// key marks a node that is a member and has children. Keys are written in path-element order, "." first, as
/// structured-merge-diff serializes them.
/// </summary>
public static class FieldsV1
{
    const string Self = ".";

    public static JsonObject Encode(FieldSet set) => EncodeNode(set, isMember: false);

    static JsonObject EncodeNode(FieldSet set, bool isMember)
    {
        var json = new JsonObject();
        if (isMember && !set.IsEmpty) json[Self] = new JsonObject();
        var elements = set.Members.Union(set.Children.Keys).Order();
        foreach (var element in elements)
        {
            json[element.ToFieldsV1Key()] = set.Children.TryGetValue(element, out var child)
                ? EncodeNode(child, set.IsMember(element))
                : new JsonObject();
        }
        return json;
    }

    /// <summary>Decodes FieldsV1; null when the JSON is not a valid encoding.</summary>
    public static FieldSet? Decode(JsonObject fields)
    {
        var set = new FieldSet();
        return DecodeInto(set, fields, []) ? set : null;
    }

    static bool DecodeInto(FieldSet set, JsonObject node, List<PathElement> prefix)
    {
        foreach (var (key, value) in node)
        {
            if (key == Self)
            {
                set.Insert(prefix);
                continue;
            }
            if (PathElement.FromFieldsV1Key(key) is not { } element || value is not JsonObject child) return false;
            List<PathElement> path = [.. prefix, element];
            if (child.Count == 0) set.Insert(path);
            else if (!DecodeInto(set, child, path)) return false;
        }
        return true;
    }
}
