using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// The shape of a JSON value, built once per CLR model type (or imported from a CRD schema) and shared by
/// everything that needs it: the OpenAPI v2/v3 renderers, the protobuf document and unknown-field detection.
/// Named schemas (<see cref="Name"/> set) are rendered as components/definitions and referenced by <c>$ref</c>;
/// the graph may be cyclic through named schemas (JSONSchemaProps refers to itself).
/// </summary>
public sealed class ModelSchema
{
    Dictionary<string, ModelProperty> properties = new(StringComparer.Ordinal);
    IReadOnlyList<string> required = [];

    public ModelSchema(SchemaKind kind) => Kind = kind;

    public SchemaKind Kind { get; }
    /// <summary>Definition name as kube-openapi spells it ("io.k8s.api.core.v1.Pod"); null for inline schemas.</summary>
    public string? Name { get; init; }
    public string? Format { get; init; }
    public string? Description { get; init; }
    public DocumentationReference? Documentation { get; init; }
    /// <summary>Items of an <see cref="SchemaKind.Array"/>, values of a <see cref="SchemaKind.Map"/>.</summary>
    public ModelSchema? Element { get; init; }
    /// <summary>
    /// OpenAPI v3 renders IntOrString and Quantity as <c>oneOf</c> these types instead of their v2 <c>type: string</c>.
    /// </summary>
    public IReadOnlyList<string> OneOfTypesInV3 { get; init; } = [];
    /// <summary>Published as <c>x-kubernetes-group-version-kind</c> on root kinds.</summary>
    public IReadOnlyList<GroupVersionKind> GroupVersionKinds { get; init; } = [];
    /// <summary>Unknown properties are kept rather than rejected (<c>x-kubernetes-preserve-unknown-fields</c>).</summary>
    public bool PreserveUnknownFields { get; init; }
    /// <summary>Further vendor extensions carried verbatim (imported CRD schemas: list types, embedded resources…).</summary>
    public JsonObject? Extensions { get; init; }

    /// <summary>Properties of an <see cref="SchemaKind.Object"/>, keyed by JSON name.</summary>
    public IReadOnlyDictionary<string, ModelProperty> Properties => properties;
    public IReadOnlyList<string> Required => required;

    /// <summary>Property lookup by a span, so that decoders can match keys without allocating a string per key.</summary>
    internal bool TryGetProperty(ReadOnlySpan<char> name, out ModelProperty property) =>
        properties.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out property!);

    /// <summary>
    /// Properties are attached after construction because a named schema must exist (to be referenced)
    /// before the properties that may point back to it are built.
    /// </summary>
    internal void DefineProperties(IEnumerable<ModelProperty> props, IEnumerable<string> requiredNames)
    {
        properties = props.ToDictionary(p => p.Name, StringComparer.Ordinal);
        required = requiredNames.ToArray();
    }

    public static ModelSchema Primitive(SchemaKind kind, string? format = null) => new(kind) { Format = format };
    public static ModelSchema ArrayOf(ModelSchema items) => new(SchemaKind.Array) { Element = items };
    public static ModelSchema MapOf(ModelSchema values) => new(SchemaKind.Map) { Element = values };
    public static ModelSchema AnyValue() => new(SchemaKind.Any) { PreserveUnknownFields = true };

    /// <summary>An object schema with the given properties, for schemas that are assembled rather than reflected.</summary>
    public static ModelSchema ObjectOf(IEnumerable<ModelProperty> props, IEnumerable<string>? requiredNames = null,
        string? name = null, string? description = null, IReadOnlyList<GroupVersionKind>? groupVersionKinds = null,
        bool preserveUnknownFields = false)
    {
        var schema = new ModelSchema(SchemaKind.Object)
        {
            Name = name, Description = description, GroupVersionKinds = groupVersionKinds ?? [],
            PreserveUnknownFields = preserveUnknownFields,
        };
        schema.DefineProperties(props, requiredNames ?? []);
        return schema;
    }

    /// <summary>A copy of this schema published under another definition name and root kinds (imported CRD schemas).</summary>
    public ModelSchema WithIdentity(string name, IReadOnlyList<GroupVersionKind> groupVersionKinds)
    {
        var copy = new ModelSchema(Kind)
        {
            Name = name, Format = Format, Description = Description, Documentation = Documentation, Element = Element,
            OneOfTypesInV3 = OneOfTypesInV3, GroupVersionKinds = groupVersionKinds,
            PreserveUnknownFields = PreserveUnknownFields, Extensions = Extensions,
        };
        copy.DefineProperties(properties.Values, required);
        return copy;
    }

    public override string ToString() => Name ?? Kind.ToString();
}
