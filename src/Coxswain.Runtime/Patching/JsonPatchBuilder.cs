using System.Text.Json.Nodes;
using k8s.Models;

namespace Coxswain.Runtime.Patching;

/// <summary>
/// Builds a JSON patch (RFC 6902). A <c>test</c> operation first makes the patch conditional on the state it was
/// computed from — the server rejects the whole patch when the test fails, so a controller never edits a list by index
/// after someone else changed it (kube-rs's finalizer scheme).
/// </summary>
public sealed class JsonPatchBuilder
{
    private readonly JsonArray _operations = [];

    /// <summary>Fails the patch unless the value at <paramref name="path"/> equals <paramref name="value"/>.</summary>
    public JsonPatchBuilder Test(string path, JsonNode? value) => Add("test", path, value, includeValue: true);

    /// <summary>Adds a member or inserts into an array (<c>/-</c> appends).</summary>
    public JsonPatchBuilder Add(string path, JsonNode? value) => Add("add", path, value, includeValue: true);

    public JsonPatchBuilder Replace(string path, JsonNode? value) => Add("replace", path, value, includeValue: true);

    public JsonPatchBuilder Remove(string path) => Add("remove", path, null, includeValue: false);

    /// <summary>The operations as a JSON array.</summary>
    public JsonArray Build() => (JsonArray)_operations.DeepClone();

    public V1Patch ToPatch() => Patches.Json(_operations);

    /// <summary>Escapes one path segment (<c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>), e.g. an annotation key.</summary>
    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private JsonPatchBuilder Add(string op, string path, JsonNode? value, bool includeValue)
    {
        var operation = new JsonObject { ["op"] = op, ["path"] = path };
        if (includeValue)
        {
            operation["value"] = value?.DeepClone();
        }

        _operations.Add(operation);
        return this;
    }
}
