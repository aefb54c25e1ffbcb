using System.Text.Json.Serialization;
using Coxswain.LocalCluster.OpenApi;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.OpenApi;

public class ModelSchemasTests
{
    static ModelSchema Property(Type model, string name) => ModelSchemas.For(model).Properties[name].Schema;

    [Fact]
    public void Schemas_are_built_once_per_type() => Assert.Same(ModelSchemas.For(typeof(V1Pod)), ModelSchemas.For(typeof(V1Pod)));

    [Fact]
    public void Model_classes_are_named_objects_with_their_json_properties()
    {
        var pod = ModelSchemas.For(typeof(V1Pod));
        Assert.Equal(SchemaKind.Object, pod.Kind);
        Assert.Equal("io.k8s.api.core.v1.Pod", pod.Name);
        Assert.Equal(["apiVersion", "kind", "metadata", "spec", "status"], pod.Properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([new GroupVersionKind("", "v1", "Pod")], pod.GroupVersionKinds);
        Assert.Same(ModelSchemas.For(typeof(V1PodSpec)), pod.Properties["spec"].Schema);
    }

    [Fact]
    public void Library_representations_map_to_apimachinery_types()
    {
        Assert.Same(WellKnownSchemas.IntOrString, Property(typeof(V1ServicePort), "targetPort"));
        Assert.Equal("int-or-string", WellKnownSchemas.IntOrString.Format);
        Assert.Same(WellKnownSchemas.Time, Property(typeof(V1ObjectMeta), "creationTimestamp"));
        Assert.Equal("date-time", WellKnownSchemas.Time.Format);

        var limits = Property(typeof(V1ResourceRequirements), "limits");
        Assert.Equal(SchemaKind.Map, limits.Kind);
        Assert.Same(WellKnownSchemas.Quantity, limits.Element);

        var data = Property(typeof(V1Secret), "data");
        Assert.Equal(SchemaKind.Map, data.Kind);
        Assert.Equal((SchemaKind.String, "byte"), (data.Element!.Kind, data.Element.Format));

        var labels = Property(typeof(V1ObjectMeta), "labels");
        Assert.Equal((SchemaKind.Map, SchemaKind.String), (labels.Kind, labels.Element!.Kind));

        var args = Property(typeof(V1Container), "args");
        Assert.Equal((SchemaKind.Array, SchemaKind.String), (args.Kind, args.Element!.Kind));

        Assert.Equal(SchemaKind.Any, Property(typeof(V1ControllerRevision), "data").Kind);
        Assert.Equal((SchemaKind.Integer, "int64"), (Property(typeof(V1ObjectMeta), "generation").Kind, Property(typeof(V1ObjectMeta), "generation").Format));
    }

    [Fact]
    public void Non_nullable_value_properties_are_required() =>
        Assert.Equal(["containerPort"], ModelSchemas.For(typeof(V1ContainerPort)).Required);

    [Fact]
    public void Recursive_models_reference_themselves()
    {
        var props = ModelSchemas.For(typeof(V1JSONSchemaProps));
        Assert.Same(props, props.Properties["properties"].Schema.Element);
    }

    [Fact]
    public void Well_known_fields_carry_their_merge_semantics()
    {
        var containers = ModelSchemas.For(typeof(V1PodSpec)).Properties["containers"].Patch!;
        Assert.Equal(("merge", "name", "map"), (containers.PatchStrategy, containers.PatchMergeKey, containers.ListType));
        var ports = ModelSchemas.For(typeof(V1Container)).Properties["ports"].Patch!;
        Assert.Equal(["containerPort", "protocol"], ports.ListMapKeys);
        Assert.True(ModelSchemas.For(typeof(V1PodSpec)).Properties["volumes"].Patch!.HasRetainKeysStrategy);
        Assert.Null(ModelSchemas.For(typeof(V1Container)).Properties["args"].Patch);
    }

    sealed class Widget
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("parts")] public List<Widget>? Parts { get; set; }
        [JsonIgnore] [JsonPropertyName("secret")] public string? Secret { get; set; }
        public string? NotSerialized { get; set; }
    }

    [Fact]
    public void Custom_models_are_walked_like_library_ones()
    {
        var widget = ModelSchemas.For(typeof(Widget));
        Assert.Equal(["name", "parts"], widget.Properties.Keys.Order(StringComparer.Ordinal));
        Assert.Same(widget, widget.Properties["parts"].Schema.Element);
    }
}
