using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.CustomResources;

/// <summary>Turns a CustomResourceDefinition into the <see cref="ResourceDefinition"/>s it serves, one per served version.</summary>
public static class CrdDefinitions
{
    public static IReadOnlyList<ResourceDefinition> From(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? new JsonObject();
        var names = spec["names"] as JsonObject ?? new JsonObject();
        var group = (string?)spec["group"] ?? "";
        var plural = (string?)names["plural"] ?? "";
        var kind = (string?)names["kind"] ?? "";
        var crdName = (string?)crd["metadata"]?["name"] ?? $"{plural}.{group}";
        var versions = spec["versions"] as JsonArray ?? [];
        var storage = versions.OfType<JsonObject>().FirstOrDefault(v => (bool?)v["storage"] == true);
        var storageApiVersion = $"{group}/{(string?)storage?["name"] ?? (string?)versions.FirstOrDefault()?["name"]}";
        var conversion = spec["conversion"] as JsonObject;

        var result = new List<ResourceDefinition>();
        foreach (var v in versions.OfType<JsonObject>())
        {
            if ((bool?)v["served"] == false) continue;
            var schema = v["schema"]?["openAPIV3Schema"] as JsonObject;
            var subresources = v["subresources"] as JsonObject ?? new JsonObject();
            var scale = subresources["scale"] as JsonObject;
            var subs = new List<string>();
            if (subresources["status"] is not null) subs.Add("status");
            if (scale is not null) subs.Add("scale");
            result.Add(new ResourceDefinition
            {
                Group = group,
                Version = (string?)v["name"] ?? "v1",
                Kind = kind,
                Plural = plural,
                Singular = (string?)names["singular"] is { Length: > 0 } singular ? singular : kind.ToLowerInvariant(),
                Namespaced = (string?)spec["scope"] != "Cluster",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                Subresources = subs,
                Custom = new CustomResourceVersion
                {
                    CrdName = crdName,
                    Schema = schema?.DeepClone().AsObject(),
                    Validator = schema is null ? null : new SchemaValidator(schema),
                    HasStatus = subs.Contains("status"),
                    Scale = scale is null ? null : new ScaleSubresource(
                        (string?)scale["specReplicasPath"] ?? ".spec.replicas",
                        (string?)scale["statusReplicasPath"] ?? ".status.replicas",
                        (string?)scale["labelSelectorPath"]),
                    PrinterColumns = v["additionalPrinterColumns"]?.DeepClone() as JsonArray,
                    StorageApiVersion = storageApiVersion,
                    ConversionStrategy = (string?)conversion?["strategy"] ?? "None",
                    ConversionWebhook = conversion?["webhook"]?.DeepClone().AsObject(),
                },
            });
        }
        return result;
    }

    /// <summary>The checks kube-apiserver makes on a CRD beyond its type: names, scope, versions, structural schema.</summary>
    public static IReadOnlyList<FieldError> Validate(JsonObject crd)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        if (spec is null) return [FieldError.Required("spec")];
        var group = (string?)spec["group"];
        var names = spec["names"] as JsonObject;
        var plural = (string?)names?["plural"];
        var kind = (string?)names?["kind"];
        var name = (string?)crd["metadata"]?["name"];
        if (string.IsNullOrEmpty(group)) errors.Add(FieldError.Required("spec.group"));
        else if (!group.Contains('.')) errors.Add(FieldError.Invalid("spec.group", group, "should be a domain with at least one dot"));
        if (string.IsNullOrEmpty(plural)) errors.Add(FieldError.Required("spec.names.plural"));
        if (string.IsNullOrEmpty(kind)) errors.Add(FieldError.Required("spec.names.kind"));
        if (!string.IsNullOrEmpty(plural) && !string.IsNullOrEmpty(group) && name != $"{plural}.{group}")
            errors.Add(FieldError.Invalid("metadata.name", name, $"must be spec.names.plural+\".\"+spec.group"));
        if ((string?)spec["scope"] is not ("Namespaced" or "Cluster"))
            errors.Add(FieldError.NotSupported("spec.scope", (string?)spec["scope"], ["Cluster", "Namespaced"]));
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (versions.Count == 0) errors.Add(FieldError.Invalid("spec.versions", new JsonArray(), "must have exactly one version marked as storage version"));
        else if (versions.Count(v => (bool?)v["storage"] == true) != 1)
            errors.Add(FieldError.Invalid("spec.versions", null, "must have exactly one version marked as storage version"));
        for (var i = 0; i < versions.Count; i++)
        {
            var schema = versions[i]["schema"]?["openAPIV3Schema"] as JsonObject;
            if (schema is null)
            {
                errors.Add(FieldError.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
                continue;
            }
            foreach (var e in StructuralChecks(schema, $"spec.versions[{i}].schema.openAPIV3Schema", root: true)) errors.Add(e);
        }
        return errors;
    }

    /// <summary>The core of "structural schema": every node specifies a type (unless it preserves unknown fields or is int-or-string).</summary>
    static IEnumerable<FieldError> StructuralChecks(JsonObject schema, string path, bool root)
    {
        var hasType = schema["type"] is not null;
        var intOrString = (bool?)schema["x-kubernetes-int-or-string"] == true;
        var preserve = (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;
        if (!hasType && !intOrString && !preserve && !root)
            yield return FieldError.Required($"{path}.type", "must not be empty for specified object fields");
        if (root && (string?)schema["type"] is { } t && t != "object")
            yield return FieldError.Invalid($"{path}.type", t, "must be object at the root");
        if (schema["properties"] is JsonObject props)
            foreach (var (name, child) in props)
                if (child is JsonObject c)
                    foreach (var e in StructuralChecks(c, $"{path}.properties[{name}]", false)) yield return e;
        if (schema["items"] is JsonObject items)
            foreach (var e in StructuralChecks(items, $"{path}.items", false)) yield return e;
        if (schema["additionalProperties"] is JsonObject add)
            foreach (var e in StructuralChecks(add, $"{path}.additionalProperties", false)) yield return e;
    }

    static IReadOnlyList<string> Strings(JsonNode? n) => (n as JsonArray ?? []).Select(x => (string?)x).OfType<string>().ToList();
}
