using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// Renders <see cref="ModelSchema"/>s as JSON Schema in one OpenAPI dialect for one document, remembering the
/// named schemas it referenced so that the document can emit exactly the definitions it needs.
/// Named schemas are always referenced, never inlined; a property's description and merge extensions sit next
/// to the <c>$ref</c> in v2 and around an <c>allOf</c> wrapper in v3, which is how kube-openapi emits them.
/// </summary>
internal sealed class SchemaJsonRenderer(OpenApiDialect dialect, bool includeDescriptions)
{
    readonly Dictionary<string, ModelSchema> referenced = new(StringComparer.Ordinal);

    string ReferencePrefix => dialect == OpenApiDialect.SwaggerV2 ? "#/definitions/" : "#/components/schemas/";

    /// <summary>The schema to put where <paramref name="schema"/> is used: a reference if it is named, else its body.</summary>
    public JsonObject Use(ModelSchema schema)
    {
        if (schema.Name is not { } name) return Body(schema);
        referenced.TryAdd(name, schema);
        return new JsonObject { ["$ref"] = ReferencePrefix + name };
    }

    /// <summary>The bodies of every named schema referenced so far and of those they reference, sorted by name.</summary>
    public JsonObject Definitions()
    {
        var rendered = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var pending = referenced.Keys.ToList(); pending.Count > 0; pending = referenced.Keys.Where(k => !rendered.ContainsKey(k)).ToList())
            foreach (var name in pending)
                rendered[name] = Body(referenced[name]);
        var definitions = new JsonObject();
        foreach (var (name, body) in rendered) definitions[name] = body;
        return definitions;
    }

    /// <summary>A query or path parameter in this dialect.</summary>
    public JsonObject Parameter(ApiParameter parameter)
    {
        var json = new JsonObject { ["name"] = parameter.Name, ["in"] = parameter.In, ["description"] = parameter.Description };
        if (parameter.Required) json["required"] = true;
        var type = TypeName(parameter.Type);
        if (dialect == OpenApiDialect.OpenApiV3)
            json["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true };
        else
        {
            json["type"] = type;
            json["uniqueItems"] = true;
        }
        return json;
    }

    JsonObject Body(ModelSchema schema)
    {
        var json = new JsonObject();
        if (DescriptionOf(schema.Description, schema.Documentation) is { } description) json["description"] = description;
        switch (schema.Kind)
        {
            case SchemaKind.Object:
                json["type"] = "object";
                if (schema.Required.Count > 0) json["required"] = new JsonArray([.. schema.Required.Select(r => (JsonNode)r)]);
                if (schema.Properties.Count > 0)
                {
                    var properties = new JsonObject();
                    foreach (var property in schema.Properties.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
                        properties[property.Name] = Property(property);
                    json["properties"] = properties;
                }
                break;
            case SchemaKind.Array:
                json["type"] = "array";
                json["items"] = Use(schema.Element!);
                break;
            case SchemaKind.Map:
                json["type"] = "object";
                json["additionalProperties"] = Use(schema.Element!);
                break;
            case SchemaKind.Any:
                break;
            default:
                if (dialect == OpenApiDialect.OpenApiV3 && schema.OneOfTypesInV3.Count > 0)
                    json["oneOf"] = new JsonArray([.. schema.OneOfTypesInV3.Select(t => (JsonNode)new JsonObject { ["type"] = t })]);
                else
                    json["type"] = TypeName(schema.Kind);
                break;
        }
        if (schema.Format is not null) json["format"] = schema.Format;
        if (schema.GroupVersionKinds.Count > 0)
            json["x-kubernetes-group-version-kind"] = new JsonArray([.. schema.GroupVersionKinds.Select(g => (JsonNode)GroupVersionKindJson(g))]);
        if (schema.PreserveUnknownFields) json["x-kubernetes-preserve-unknown-fields"] = true;
        if (schema.Extensions is not null)
            foreach (var (key, value) in schema.Extensions) json[key] = value?.DeepClone();
        return json;
    }

    JsonObject Property(ModelProperty property)
    {
        var use = Use(property.Schema);
        var description = DescriptionOf(property.Description, property.Documentation);
        if (description is null && property.Patch is null) return use;

        // OpenAPI v3 ignores the siblings of a $ref, so kube-openapi wraps the reference in an allOf.
        var target = dialect == OpenApiDialect.OpenApiV3 && use.ContainsKey("$ref") ? new JsonObject { ["allOf"] = new JsonArray(use) } : use;
        if (description is not null) target["description"] = description;
        AddPatchExtensions(target, property.Patch);
        return target;
    }

    string? DescriptionOf(string? literal, DocumentationReference? documentation)
    {
        if (!includeDescriptions) return null;
        var text = literal ?? (documentation is { } reference ? ModelDocumentation.Summary(reference) : null);
        return string.IsNullOrEmpty(text) ? null : text;
    }

    static void AddPatchExtensions(JsonObject json, FieldPatchMetadata? patch)
    {
        if (patch is null) return;
        if (patch.ListMapKeys.Count > 0) json["x-kubernetes-list-map-keys"] = new JsonArray([.. patch.ListMapKeys.Select(k => (JsonNode)k)]);
        if (patch.ListType is not null) json["x-kubernetes-list-type"] = patch.ListType;
        if (patch.MapType is not null) json["x-kubernetes-map-type"] = patch.MapType;
        if (patch.PatchMergeKey is not null) json["x-kubernetes-patch-merge-key"] = patch.PatchMergeKey;
        if (patch.PatchStrategy is not null) json["x-kubernetes-patch-strategy"] = patch.PatchStrategy;
    }

    /// <summary>The <c>x-kubernetes-group-version-kind</c> entry; keys in the order Go's map marshalling gives them.</summary>
    public static JsonObject GroupVersionKindJson(GroupVersionKind gvk) =>
        new() { ["group"] = gvk.Group, ["kind"] = gvk.Kind, ["version"] = gvk.Version };

    static string TypeName(SchemaKind kind) => kind switch
    {
        SchemaKind.String => "string",
        SchemaKind.Integer => "integer",
        SchemaKind.Number => "number",
        SchemaKind.Boolean => "boolean",
        SchemaKind.Array => "array",
        _ => "object",
    };
}
