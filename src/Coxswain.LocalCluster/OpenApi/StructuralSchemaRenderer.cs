using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// Renders a <see cref="ModelSchema"/> as the structural schema a CustomResourceDefinition needs (what controller-gen
/// writes into <c>openAPIV3Schema</c>): everything inline (no <c>$ref</c>), a type on every node, properties and
/// required names sorted, IntOrString and Quantity as <c>anyOf</c> integer/string with
/// <c>x-kubernetes-int-or-string</c>, and object metadata below the root left to the server (<c>type: object</c>).
/// </summary>
public static class StructuralSchemaRenderer
{
    /// <summary>controller-gen's pattern for resource.Quantity.</summary>
    const string QuantityPattern = @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";
    const string ObjectMetaName = $"{KubernetesApiPackages.MetaV1}.ObjectMeta";

    /// <exception cref="NotSupportedException">The schema is recursive, which a structural schema cannot express.</exception>
    public static JsonObject Render(ModelSchema schema) => Render(schema, description: null, new HashSet<ModelSchema>());

    static JsonObject Render(ModelSchema schema, string? description, HashSet<ModelSchema> visiting)
    {
        // As controller-gen: the server validates object metadata, so the schema says only that it is an object.
        if (schema.Name == ObjectMetaName) return new JsonObject { ["type"] = "object" };

        var json = new JsonObject();
        description ??= schema.Description ?? (schema.Documentation is { } reference ? ModelDocumentation.Summary(reference) : null);
        if (!string.IsNullOrEmpty(description)) json["description"] = description;

        if (schema.Name == WellKnownSchemas.IntOrString.Name || schema.Name == WellKnownSchemas.Quantity.Name)
        {
            json["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" });
            if (schema.Name == WellKnownSchemas.Quantity.Name) json["pattern"] = QuantityPattern;
            json["x-kubernetes-int-or-string"] = true;
            return json;
        }
        switch (schema.Kind)
        {
            case SchemaKind.Object:
                if (!visiting.Add(schema)) throw new NotSupportedException($"{schema} is recursive; a structural schema cannot express that.");
                if (schema.Properties.Count > 0)
                {
                    var properties = new JsonObject();
                    foreach (var property in schema.Properties.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
                        properties[property.Name] = Render(property.Schema, PropertyDescription(property), visiting);
                    json["properties"] = properties;
                }
                if (schema.Required.Count > 0)
                    json["required"] = new JsonArray([.. schema.Required.Order(StringComparer.Ordinal).Select(r => (JsonNode)r)]);
                visiting.Remove(schema);
                json["type"] = "object";
                break;
            case SchemaKind.Array:
                json["items"] = Render(schema.Element!, null, visiting);
                json["type"] = "array";
                break;
            case SchemaKind.Map:
                json["additionalProperties"] = Render(schema.Element!, null, visiting);
                json["type"] = "object";
                break;
            case SchemaKind.Any:
                break;
            default:
                if (schema.Format is not null) json["format"] = schema.Format;
                json["type"] = schema.Kind switch
                {
                    SchemaKind.String => "string",
                    SchemaKind.Integer => "integer",
                    SchemaKind.Number => "number",
                    _ => "boolean",
                };
                break;
        }
        if (schema.PreserveUnknownFields) json["x-kubernetes-preserve-unknown-fields"] = true;
        return json;
    }

    static string? PropertyDescription(ModelProperty property) =>
        property.Description ?? (property.Documentation is { } reference ? ModelDocumentation.Summary(reference) : null);
}
