using System.Text.Json.Nodes;
using k8s.Models;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// Turns a CRD version's structural <c>openAPIV3Schema</c> into a <see cref="ModelSchema"/>, so custom resources get
/// the same OpenAPI publishing and unknown-field detection as built-in kinds (register the result with
/// <see cref="OpenApiDocuments.Add"/>, pass it to <see cref="UnknownFieldDetector"/>).
/// Structure (type, properties, items, additionalProperties, required), description, format and the
/// <c>x-kubernetes-*</c> extensions are kept; validation keywords (enum, pattern, anyOf, CEL rules…) are not,
/// as neither use needs them.
/// </summary>
public static class JsonSchemaImporter
{
    const string PreserveUnknownFields = "x-kubernetes-preserve-unknown-fields";

    /// <summary>
    /// The schema of a whole custom resource. As in kube-apiserver, apiVersion and kind are strings and metadata is
    /// ObjectMeta whatever the CRD declares for them.
    /// </summary>
    public static ModelSchema ImportResource(JsonObject openApiV3Schema) =>
        ObjectFrom(openApiV3Schema, withTypeMeta: true);

    /// <summary>The schema of one value.</summary>
    public static ModelSchema Import(JsonObject schema)
    {
        if (Flag(schema, "x-kubernetes-int-or-string"))
            return new ModelSchema(SchemaKind.String)
            {
                Format = "int-or-string", OneOfTypesInV3 = ["integer", "string"],
                Description = Description(schema), Extensions = Extensions(schema),
            };

        var type = schema["type"]?.GetValue<string>();
        return type switch
        {
            "array" => new ModelSchema(SchemaKind.Array)
            {
                Element = schema["items"] is JsonObject items ? Import(items) : ModelSchema.AnyValue(),
                Description = Description(schema), Extensions = Extensions(schema),
            },
            "string" => Leaf(schema, SchemaKind.String),
            "integer" => Leaf(schema, SchemaKind.Integer),
            "number" => Leaf(schema, SchemaKind.Number),
            "boolean" => Leaf(schema, SchemaKind.Boolean),
            "object" when schema["additionalProperties"] is JsonObject values => Map(schema, Import(values)),
            "object" when schema["additionalProperties"] is JsonValue allowed && allowed.GetValue<bool>() => Map(schema, ModelSchema.AnyValue()),
            "object" => ObjectFrom(schema, withTypeMeta: Flag(schema, "x-kubernetes-embedded-resource")),
            _ => new ModelSchema(SchemaKind.Any)
            {
                PreserveUnknownFields = Flag(schema, PreserveUnknownFields),
                Description = Description(schema), Extensions = Extensions(schema),
            },
        };
    }

    static ModelSchema ObjectFrom(JsonObject schema, bool withTypeMeta)
    {
        var properties = (schema["properties"] as JsonObject ?? [])
            .Where(p => p.Value is JsonObject)
            .Select(p => new ModelProperty(p.Key, Import(p.Value!.AsObject())))
            .ToList();
        if (withTypeMeta)
        {
            properties.RemoveAll(p => p.Name is "apiVersion" or "kind" or "metadata");
            properties.Add(new ModelProperty("apiVersion", ModelSchema.Primitive(SchemaKind.String)));
            properties.Add(new ModelProperty("kind", ModelSchema.Primitive(SchemaKind.String)));
            properties.Add(new ModelProperty("metadata", ModelSchemas.For(typeof(V1ObjectMeta))));
        }
        var result = new ModelSchema(SchemaKind.Object)
        {
            PreserveUnknownFields = Flag(schema, PreserveUnknownFields),
            Description = Description(schema),
            Extensions = Extensions(schema),
        };
        var required = (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>());
        result.DefineProperties(properties, required);
        return result;
    }

    static ModelSchema Map(JsonObject schema, ModelSchema values) =>
        new(SchemaKind.Map) { Element = values, Description = Description(schema), Extensions = Extensions(schema) };

    static ModelSchema Leaf(JsonObject schema, SchemaKind kind) => new(kind)
    {
        Format = schema["format"]?.GetValue<string>(), Description = Description(schema), Extensions = Extensions(schema),
    };

    static string? Description(JsonObject schema) => schema["description"]?.GetValue<string>();

    static bool Flag(JsonObject schema, string name) => schema[name] is JsonValue value && value.GetValue<bool>();

    /// <summary>The x-kubernetes-* extensions other than preserve-unknown-fields, which the schema models directly.</summary>
    static JsonObject? Extensions(JsonObject schema)
    {
        var extensions = new JsonObject();
        foreach (var (key, value) in schema)
            if (key.StartsWith("x-kubernetes-", StringComparison.Ordinal) && key != PreserveUnknownFields)
                extensions[key] = value?.DeepClone();
        return extensions.Count == 0 ? null : extensions;
    }
}
