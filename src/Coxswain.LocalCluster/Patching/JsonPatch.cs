using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching;

/// <summary>
/// RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over System.Text.Json nodes, with RFC 6901 pointers.
/// A failing operation throws <see cref="JsonPatchException"/> and leaves the input untouched (operations run on a copy).
/// </summary>
public static class JsonPatch
{
    /// <summary>kube-apiserver caps the operations in one JSON patch.</summary>
    public const int MaxOperations = 10000;

    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        if (operations.Count > MaxOperations)
            throw new JsonPatchException($"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        var doc = document.DeepClone();
        foreach (var opNode in operations)
        {
            if (opNode is not JsonObject op) throw new JsonPatchException("invalid JSON patch operation: not an object");
            var kind = (string?)op["op"] ?? throw new JsonPatchException("Unexpected kind: missing op");
            var path = (string?)op["path"] ?? throw new JsonPatchException($"missing path in \"{kind}\" operation");
            switch (kind)
            {
                case "add": doc = Add(doc, path, Value(op, kind)); break;
                case "remove": doc = Remove(doc, path, out _); break;
                case "replace":
                    doc = Remove(doc, path, out _);
                    doc = Add(doc, path, Value(op, kind));
                    break;
                case "move":
                {
                    var from = (string?)op["from"] ?? throw new JsonPatchException("missing from in \"move\" operation");
                    doc = Remove(doc, from, out var moved);
                    doc = Add(doc, path, moved);
                    break;
                }
                case "copy":
                {
                    var from = (string?)op["from"] ?? throw new JsonPatchException("missing from in \"copy\" operation");
                    doc = Add(doc, path, Get(doc, from)?.DeepClone());
                    break;
                }
                case "test":
                    if (!JsonNode.DeepEquals(TestedValue(doc, path), op["value"]))
                        throw new JsonPatchException($"testing value {path} failed: test failed");
                    break;
                default:
                    throw new JsonPatchException($"Unexpected kind: {kind}");
            }
        }
        return doc;
    }

    // evanphx/json-patch, which kube-apiserver runs, reads a missing member of an existing object as null: a test for
    // null passes when the member is absent. Clients rely on it ("the list is still unset", kube-rs's finalizer patch).
    static JsonNode? TestedValue(JsonNode doc, string pointer)
    {
        var tokens = Tokens(pointer);
        return tokens.Length > 0 && Parent(doc, tokens) is JsonObject parent && !parent.ContainsKey(tokens[^1]) ? null : Get(doc, pointer);
    }

    static JsonNode? Value(JsonObject op, string kind) =>
        op.TryGetPropertyValue("value", out var v) ? v?.DeepClone() : throw new JsonPatchException($"missing value in \"{kind}\" operation");

    static string[] Tokens(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw new JsonPatchException($"invalid JSON pointer: \"{pointer}\"");
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }

    static JsonNode? Get(JsonNode doc, string pointer)
    {
        JsonNode? node = doc;
        foreach (var t in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(t, out var child) => child,
                JsonArray a when int.TryParse(t, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new JsonPatchException($"the path \"{pointer}\" does not exist"),
            };
        }
        return node;
    }

    static JsonNode Add(JsonNode doc, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0) return value ?? throw new JsonPatchException("cannot replace the document with null");
        var parent = Parent(doc, tokens);
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                if (last == "-") a.Add(value);
                else if (int.TryParse(last, out var i) && i >= 0 && i <= a.Count) a.Insert(i, value);
                else throw new JsonPatchException($"add operation does not apply: index {last} out of bounds for \"{pointer}\"");
                break;
            default:
                throw new JsonPatchException($"add operation does not apply: doc is missing path: \"{pointer}\"");
        }
        return doc;
    }

    static JsonNode Remove(JsonNode doc, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0) throw new JsonPatchException("cannot remove the whole document");
        var parent = Parent(doc, tokens);
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var v):
                o.Remove(last);
                removed = v;
                return doc;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                return doc;
            default:
                throw new JsonPatchException($"remove operation does not apply: doc is missing path: \"{pointer}\"");
        }
    }

    static JsonNode? Parent(JsonNode doc, string[] tokens) =>
        tokens.Length == 1 ? doc : Get(doc, "/" + string.Join('/', tokens[..^1].Select(Escape)));

    static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}

public sealed class JsonPatchException(string message) : Exception(message);
