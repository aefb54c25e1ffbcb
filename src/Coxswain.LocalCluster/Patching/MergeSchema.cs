using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Patching;

/// <summary>
/// How the value at one position of an object merges, as strategic merge patch and server-side apply need to know it:
/// its shape (struct, map, list, scalar), whether it is atomic, and for lists the merge key (SMP) or the list type and
/// keys (SSA). It is a view over the one source of these facts — the <see cref="ModelSchema"/> of the kind (the schema
/// walker over KubernetesClient models, or a CRD's imported schema) with the field's <see cref="FieldPatchMetadata"/>
/// (<see cref="KnownFieldPatchMetadata"/> for built-ins, <c>x-kubernetes-*</c> extensions for CRDs).
/// <para>The default value is the <em>deduced</em> type structured-merge-diff uses where no schema speaks: objects are
/// granular maps of deduced values, lists are atomic, everything else is a scalar.</para>
/// </summary>
public readonly struct MergeSchema
{
    readonly ModelSchema? schema;
    readonly FieldPatchMetadata? patch;

    MergeSchema(ModelSchema? schema, FieldPatchMetadata? patch)
    {
        this.schema = schema is { Kind: SchemaKind.Any } ? null : schema;
        this.patch = patch;
    }

    /// <summary>A value of <paramref name="schema"/> held by a field that merges as <paramref name="field"/> says.</summary>
    public static MergeSchema Of(ModelSchema schema, FieldPatchMetadata? field = null) =>
        new(schema, Combine(field, FieldPatchMetadata.FromExtensions(schema.Extensions)));

    public static MergeSchema Deduced => default;

    static readonly ConditionalWeakTable<JsonObject, ModelSchema> ImportedCrdSchemas = new();

    /// <summary>The schema of a whole object of <paramref name="r"/>: its model for built-ins, its CRD schema for custom resources.</summary>
    public static MergeSchema ForResource(ResourceDefinition r)
    {
        if (r.ModelType is { } model) return Of(ModelSchemas.For(model));
        // Importing a CRD schema is not free: do it once per served CRD version (the schema object lives as long as it).
        if (r.Custom?.Schema is { } crdSchema) return Of(ImportedCrdSchemas.GetValue(crdSchema, JsonSchemaImporter.ImportResource));
        return Deduced;
    }

    /// <summary>Whether <paramref name="value"/> is handled as an object here (struct, map, or a deduced object).</summary>
    public bool IsObject(JsonNode? value) => value is JsonObject && (schema is null || schema.Kind is SchemaKind.Object or SchemaKind.Map);

    /// <summary>Whether <paramref name="value"/> is handled as a list here (declared, or a deduced list).</summary>
    public bool IsList(JsonNode? value) => value is JsonArray && (schema is null || schema.Kind == SchemaKind.Array);

    /// <summary>An object whose fields are owned and merged as one value (<c>x-kubernetes-map-type: atomic</c>).</summary>
    public bool IsAtomicObject => patch?.MapType == "atomic";

    /// <summary>"map", "set" or "atomic"; deduced and undeclared lists are atomic.</summary>
    public string ListType => schema is null ? "atomic" : patch?.ListType ?? "atomic";

    public IReadOnlyList<string> ListMapKeys => patch?.ListMapKeys ?? [];

    public IReadOnlyDictionary<string, JsonNode> ListMapKeyDefaults => patch?.ListMapKeyDefaults ?? NoDefaults;

    static readonly Dictionary<string, JsonNode> NoDefaults = new();

    /// <summary>The merge key of a list of objects with the "merge" strategy; null when the list is replaced whole.</summary>
    public string? PatchMergeKey => patch?.PatchMergeKey;

    public bool HasMergeStrategy => patch?.HasMergeStrategy == true;

    public bool HasRetainKeysStrategy => patch?.HasRetainKeysStrategy == true;

    /// <summary>Whether <paramref name="name"/> is a declared property of this struct (not a map key or an unknown field).</summary>
    public bool IsNamedField(string name) => schema is { Kind: SchemaKind.Object } s && s.Properties.ContainsKey(name);

    /// <summary>
    /// The type of the member <paramref name="name"/>: a declared property, a map value, or a deduced value where the
    /// schema keeps unknown fields. False for a field a struct does not declare.
    /// </summary>
    public bool TryGetField(string name, out MergeSchema field)
    {
        switch (schema)
        {
            case null:
                field = Deduced;
                return true;
            case { Kind: SchemaKind.Object } s when s.Properties.TryGetValue(name, out var property):
                field = Of(property.Schema, property.Patch);
                return true;
            case { Kind: SchemaKind.Object } s:
                field = Deduced;
                return s.PreserveUnknownFields;
            case { Kind: SchemaKind.Map, Element: { } values }:
                field = Of(values);
                return true;
            default:
                field = Deduced;
                return true;
        }
    }

    /// <summary>The member's type, deduced when the schema does not declare it (callers that tolerate unknown fields).</summary>
    public MergeSchema Field(string name) => TryGetField(name, out var field) ? field : Deduced;

    /// <summary>The type of the items of a list.</summary>
    public MergeSchema Items => schema is { Kind: SchemaKind.Array, Element: { } items } ? Of(items) : Deduced;

    public override string ToString() => schema?.ToString() ?? "deduced";

    /// <summary>The field's own metadata wins; the value's schema extensions fill what it leaves unsaid (e.g. an atomic struct).</summary>
    static FieldPatchMetadata? Combine(FieldPatchMetadata? field, FieldPatchMetadata? fromSchema) =>
        field is null ? fromSchema
        : fromSchema is null ? field
        : field with { MapType = field.MapType ?? fromSchema.MapType, ListType = field.ListType ?? fromSchema.ListType };
}
