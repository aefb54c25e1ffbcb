using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Tests.OpenApi;

public class JsonSchemaImporterTests
{
    static readonly JsonObject CronTabSchema = JsonNode.Parse("""
        {"type":"object","properties":{
           "spec":{"type":"object","required":["cronSpec"],"properties":{
              "cronSpec":{"type":"string","description":"when"},
              "replicas":{"type":"integer","format":"int32"},
              "port":{"x-kubernetes-int-or-string":true},
              "env":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                     "items":{"type":"object","properties":{"name":{"type":"string"},"value":{"type":"string"}}}},
              "labels":{"type":"object","additionalProperties":{"type":"string"}},
              "config":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
              "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}}},
           "status":{"type":"object","properties":{"ready":{"type":"boolean"}}}}}
        """)!.AsObject();

    static readonly ResourceDefinition CronTabs = new()
    {
        Group = "stable.example.com", Version = "v1", Kind = "CronTab", Plural = "crontabs", Singular = "crontab", Namespaced = true,
    };

    static IEnumerable<string> Unknown(ModelSchema schema, string json) =>
        UnknownFieldDetector.Detect(schema, Encoding.UTF8.GetBytes(json)).Select(e => e.ToString());

    [Fact]
    public void Imported_schemas_drive_unknown_field_detection()
    {
        var schema = JsonSchemaImporter.ImportResource(CronTabSchema);
        Assert.Empty(Unknown(schema, """
            {"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"c","labels":{"a":"b"}},
             "spec":{"cronSpec":"* * * * */5","replicas":2,"port":"http","env":[{"name":"A","value":"1"}],"labels":{"x":"y"},
                     "config":{"free":{"form":1}},"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}},
             "status":{"ready":true}}
            """));
        Assert.Equal(
            ["unknown field \"metadata.nmae\"", "unknown field \"spec.image\"", "unknown field \"spec.env[0].valueFrom\"", "unknown field \"spec.template.spec.containers\""],
            Unknown(schema, """{"metadata":{"nmae":"c"},"spec":{"image":"x","env":[{"name":"A","valueFrom":{}}],"template":{"spec":{"containers":[]}}}}"""));
    }

    [Fact]
    public void Imported_shapes_and_extensions_are_kept()
    {
        var spec = JsonSchemaImporter.ImportResource(CronTabSchema).Properties["spec"].Schema;
        Assert.Equal(["cronSpec"], spec.Required);
        Assert.Equal("when", spec.Properties["cronSpec"].Schema.Description);
        Assert.Equal("int-or-string", spec.Properties["port"].Schema.Format);
        Assert.Equal(SchemaKind.Map, spec.Properties["labels"].Schema.Kind);
        Assert.True(spec.Properties["config"].Schema.PreserveUnknownFields);
        Assert.Equal("map", spec.Properties["env"].Schema.Extensions!["x-kubernetes-list-type"]!.GetValue<string>());
    }

    [Fact]
    public void Registered_crd_schemas_are_published()
    {
        var docs = new OpenApiDocuments([], new OpenApiDocumentsOptions { IncludeDescriptions = false });
        docs.Add(CronTabs, JsonSchemaImporter.ImportResource(CronTabSchema));

        Assert.True(docs.TryGetV3Document("apis/stable.example.com/v1", out var content));
        var schemas = JsonNode.Parse(content.Bytes)!["components"]!["schemas"]!;
        var cronTab = schemas["com.example.stable.v1.CronTab"]!;
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", cronTab["properties"]!["metadata"]!["$ref"]!.GetValue<string>());
        var env = cronTab["properties"]!["spec"]!["properties"]!["env"]!;
        Assert.Equal("""["name"]""", env["x-kubernetes-list-map-keys"]!.ToJsonString());
        Assert.NotNull(schemas["com.example.stable.v1.CronTabList"]);

        // The v2 protobuf must still encode: imported extensions are all x-* keys.
        Assert.NotEmpty(docs.V2Protobuf.Bytes);
    }
}
