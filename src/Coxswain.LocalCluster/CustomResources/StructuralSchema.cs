using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.CustomResources;

/// <summary>
/// The two things kube-apiserver does with a structural schema besides validating: <b>pruning</b> (fields the schema does
/// not declare are dropped, unless <c>x-kubernetes-preserve-unknown-fields</c>) and <b>defaulting</b> (a property with a
/// <c>default</c> is set when absent and its parent object exists). apiVersion, kind and metadata are never pruned.
/// </summary>
public static class StructuralSchema
{
    /// <summary>Drops unknown fields in place; returns their paths ("spec.foo") for fieldValidation warnings.</summary>
    public static List<string> Prune(JsonObject obj, JsonObject schema)
    {
        var pruned = new List<string>();
        PruneObject(obj, schema, "", pruned, isRoot: true);
        return pruned;
    }

    static void PruneNode(JsonNode? node, JsonObject? schema, string path, List<string> pruned)
    {
        if (schema is null || node is null) return;
        if (node is JsonObject o) PruneObject(o, schema, path, pruned, isRoot: false);
        else if (node is JsonArray a && schema["items"] is JsonObject items)
            for (var i = 0; i < a.Count; i++) PruneNode(a[i], items, $"{path}[{i}]", pruned);
    }

    static void PruneObject(JsonObject o, JsonObject schema, string path, List<string> pruned, bool isRoot)
    {
        if ((bool?)schema["x-kubernetes-embedded-resource"] == true) isRoot = true;
        var preserve = (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;
        var props = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        foreach (var key in o.Select(kv => kv.Key).ToList())
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (isRoot && key is "apiVersion" or "kind" or "metadata") continue;
            if (props?[key] is JsonObject childSchema) PruneNode(o[key], childSchema, childPath, pruned);
            else if (additional is JsonObject addSchema) PruneNode(o[key], addSchema, childPath, pruned);
            else if (additional is JsonValue av && av.TryGetValue<bool>(out var allowed) && allowed) { }
            else if (!preserve)
            {
                o.Remove(key);
                pruned.Add(childPath);
            }
        }
    }

    /// <summary>Applies schema defaults in place, top-down, as the apiserver does when decoding.</summary>
    public static void ApplyDefaults(JsonNode? node, JsonObject? schema)
    {
        if (node is null || schema is null) return;
        if (node is JsonObject o)
        {
            var props = schema["properties"] as JsonObject;
            if (props is not null)
            {
                foreach (var (name, propSchemaNode) in props)
                {
                    if (propSchemaNode is not JsonObject propSchema) continue;
                    if (!o.ContainsKey(name) && propSchema["default"] is { } def) o[name] = def.DeepClone();
                    ApplyDefaults(o[name], propSchema);
                }
            }
            if (schema["additionalProperties"] is JsonObject addSchema)
                foreach (var key in o.Select(kv => kv.Key).ToList())
                    if (props?[key] is null) ApplyDefaults(o[key], addSchema);
        }
        else if (node is JsonArray a && schema["items"] is JsonObject items)
        {
            foreach (var item in a) ApplyDefaults(item, items);
        }
    }
}
