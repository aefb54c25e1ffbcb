using System.Text.Json.Serialization;
using Coxswain.LocalCluster.OpenApi;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.OpenApi;

public class KnownFieldPatchMetadataTests
{
    static readonly Lazy<IReadOnlyDictionary<string, ModelSchema>> SchemasByName = new(() =>
    {
        var byName = new Dictionary<string, ModelSchema>();
        foreach (var type in typeof(V1Pod).Assembly.GetExportedTypes())
            if (type.IsClass && type.Namespace == "k8s.Models" && type.GetProperties().Any(p => Attribute.IsDefined(p, typeof(JsonPropertyNameAttribute))))
            {
                var schema = ModelSchemas.For(type);
                if (schema.Name is { } name) byName.TryAdd(name, schema);
            }
        return byName;
    });

    [Fact]
    public void Every_entry_names_a_real_field_and_its_keys_exist_on_the_items()
    {
        foreach (var (definition, field, metadata) in KnownFieldPatchMetadata.All)
        {
            Assert.True(SchemasByName.Value.TryGetValue(definition, out var schema), $"no definition {definition}");
            if (field.Length == 0) continue;
            Assert.True(schema.Properties.TryGetValue(field, out var property), $"{definition} has no field {field}");
            var keys = metadata.ListMapKeys.Concat(metadata.PatchMergeKey is { } mergeKey ? [mergeKey] : []);
            foreach (var key in keys)
                Assert.True(property.Schema.Element?.Properties.ContainsKey(key) == true, $"{definition}.{field} items have no {key}");
            if (metadata.ListType is not null) Assert.Equal(SchemaKind.Array, property.Schema.Kind);
        }
    }
}
