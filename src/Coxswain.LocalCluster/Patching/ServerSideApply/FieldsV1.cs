using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Every write decodes each manager's entry and encodes it again, and most entries are the same from write to write
    /// (the same pod template, the same kubelet fields): decoded sets are kept by their text, and a set's encoding is kept
    /// with it. Sets are immutable once built (<see cref="FieldSet"/>), so sharing them is safe.
    /// </summary>
    static readonly FieldSetCache DecodedByText = new();

    static readonly ConditionalWeakTable<FieldSet, string> EncodedText = new();

    public static JsonObject Encode(FieldSet set)
    {
        if (!EncodedText.TryGetValue(set, out var text))
        {
            text = EncodeNode(set, isMember: false).ToJsonString();
            EncodedText.AddOrUpdate(set, text);
        }
        return JsonNode.Parse(text)!.AsObject();
    }

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
        var text = fields.ToJsonString();
        if (DecodedByText.TryGet(text, out var cached)) return cached;
        var set = new FieldSet();
        if (!DecodeInto(set, fields, [])) return null;
        DecodedByText.Add(text, set);
        return set;
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
