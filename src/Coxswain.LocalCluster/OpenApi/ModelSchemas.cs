using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// The schema walker: builds the <see cref="ModelSchema"/> of a CLR model type by reflection over its
/// <see cref="JsonPropertyNameAttribute"/> properties, once per type for the life of the process.
/// Model classes become named object schemas; lists, dictionaries and primitives become inline schemas;
/// IntOrString, ResourceQuantity, DateTime and V1Patch map to <see cref="WellKnownSchemas"/>; <c>object</c> is any value.
/// Required properties are the non-nullable value-typed ones, the only requiredness KubernetesClient's models encode.
/// </summary>
public static class ModelSchemas
{
    static readonly ConcurrentDictionary<Type, ModelSchema> Built = new();
    static readonly Lock BuildGate = new();

    /// <summary>The schema of <paramref name="modelType"/>; thread-safe, and cheap after the first call for a type.</summary>
    public static ModelSchema For(Type modelType)
    {
        if (Built.TryGetValue(modelType, out var schema)) return schema;
        lock (BuildGate)
        {
            if (Built.TryGetValue(modelType, out schema)) return schema;
            // Publish a type's schemas only once the whole graph reachable from it is complete,
            // so lock-free readers never see an object schema whose properties are still being filled.
            var walk = new Walk();
            schema = walk.SchemaOf(modelType);
            foreach (var (type, named) in walk.Created) Built[type] = named;
            Built[modelType] = schema;
            return schema;
        }
    }

    sealed class Walk
    {
        public readonly Dictionary<Type, ModelSchema> Created = new();

        public ModelSchema SchemaOf(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (WellKnownSchemas.For(type) is { } wellKnown) return wellKnown;
            if (PrimitiveOf(type) is { } primitive) return primitive;
            if (type == typeof(object) || type == typeof(JsonNode) || type == typeof(JsonObject)) return ModelSchema.AnyValue();
            if (DictionaryValueType(type) is { } valueType) return ModelSchema.MapOf(SchemaOf(valueType));
            if (SequenceItemType(type) is { } itemType) return ModelSchema.ArrayOf(SchemaOf(itemType));
            if (type.IsClass && JsonProperties(type).Any()) return NamedObject(type);
            return ModelSchema.AnyValue();
        }

        ModelSchema NamedObject(Type type)
        {
            if (Built.TryGetValue(type, out var existing) || Created.TryGetValue(type, out existing)) return existing;

            var name = ModelDefinitionNamer.NameOf(type);
            var entity = type.GetCustomAttribute<KubernetesEntityAttribute>();
            var mapType = KnownFieldPatchMetadata.ForDefinition(name)?.MapType;
            var schema = new ModelSchema(SchemaKind.Object)
            {
                Name = name,
                Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description,
                Documentation = DocumentationReference.ForType(type),
                GroupVersionKinds = entity is null ? [] : [new GroupVersionKind(entity.Group, entity.ApiVersion, entity.Kind)],
                Extensions = mapType is null ? null : new JsonObject { ["x-kubernetes-map-type"] = mapType },
            };
            Created[type] = schema;  // before the properties: they may lead back here

            var properties = new List<ModelProperty>();
            var required = new List<string>();
            foreach (var (property, jsonName) in JsonProperties(type))
            {
                properties.Add(new ModelProperty(jsonName, PropertySchema(property))
                {
                    Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description,
                    Documentation = DocumentationReference.ForProperty(property),
                    Patch = KnownFieldPatchMetadata.ForField(name, jsonName),
                });
                if (IsRequired(property)) required.Add(jsonName);
            }
            schema.DefineProperties(properties, required);
            return schema;
        }

        /// <summary>A schemaless property is an object (or list of objects) that keeps every field, whatever its CLR type.</summary>
        ModelSchema PropertySchema(PropertyInfo property)
        {
            if (property.GetCustomAttribute<PreserveUnknownFieldsAttribute>() is null) return SchemaOf(property.PropertyType);
            var preserved = ModelSchema.ObjectOf([], preserveUnknownFields: true);
            return SequenceItemType(property.PropertyType) is null || DictionaryValueType(property.PropertyType) is not null
                ? preserved
                : ModelSchema.ArrayOf(preserved);
        }
    }

    /// <summary>
    /// Required: value-typed properties that are always serialized (Go's fields without omitempty; a CLR property
    /// ignored when default is omitempty), and any property marked <see cref="RequiredAttribute"/>.
    /// </summary>
    static bool IsRequired(PropertyInfo property) =>
        property.GetCustomAttribute<RequiredAttribute>() is not null
        || (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null
            && property.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.WhenWritingDefault });

    static IEnumerable<(PropertyInfo Property, string JsonName)> JsonProperties(Type type) =>
        from p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where p.GetCustomAttribute<JsonIgnoreAttribute>() is null or { Condition: not JsonIgnoreCondition.Always }
        let name = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        where name is not null
        select (p, name);

    static ModelSchema? PrimitiveOf(Type type) =>
        type == typeof(string) || type.IsEnum ? ModelSchema.Primitive(SchemaKind.String)
        : type == typeof(bool) ? ModelSchema.Primitive(SchemaKind.Boolean)
        : type == typeof(int) || type == typeof(short) || type == typeof(uint) || type == typeof(ushort) ? ModelSchema.Primitive(SchemaKind.Integer, "int32")
        : type == typeof(long) || type == typeof(ulong) ? ModelSchema.Primitive(SchemaKind.Integer, "int64")
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? ModelSchema.Primitive(SchemaKind.Number, "double")
        : type == typeof(byte[]) ? ModelSchema.Primitive(SchemaKind.String, "byte")
        : null;

    static Type? DictionaryValueType(Type type)
    {
        var args = GenericInterface(type, typeof(IDictionary<,>)) ?? GenericInterface(type, typeof(IReadOnlyDictionary<,>));
        return args?[1];
    }

    static Type? SequenceItemType(Type type) =>
        type.IsArray ? type.GetElementType()
        : typeof(IEnumerable).IsAssignableFrom(type) && GenericInterface(type, typeof(IEnumerable<>)) is { } args ? args[0]
        : null;

    static Type[]? GenericInterface(Type type, Type openInterface)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openInterface) return type.GetGenericArguments();
        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)
            ?.GetGenericArguments();
    }
}
