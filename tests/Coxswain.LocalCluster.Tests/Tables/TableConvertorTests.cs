using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

public class TableConvertorTests
{
    static readonly TableConvertor ConfigMaps = TableConvertor.For(BuiltInResources.ConfigMaps);

    static JsonObject ConfigMap(string name, string resourceVersion) => ParseJson($$$$"""
        {"apiVersion":"v1","kind":"ConfigMap",
         "metadata":{"name":"{{{{name}}}}","namespace":"default","uid":"uid-{{{{name}}}}","resourceVersion":"{{{{resourceVersion}}}}",
                     "creationTimestamp":"{{{{Ago(TimeSpan.FromMinutes(5))}}}}","labels":{"app":"web"},"annotations":{"note":"x"}},
         "data":{"k":"v"}}
        """);

    [Fact]
    public void List_table_has_kind_metadata_columns_and_one_row_per_object()
    {
        var table = ConfigMaps.ConvertList([ConfigMap("a", "10"), ConfigMap("b", "11")], "12", "next-token", null, Now, remainingItemCount: 7);

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("""{"resourceVersion":"12","continue":"next-token","remainingItemCount":7}""", table["metadata"]!.ToJsonString());
        Assert.Equal(
            """{"name":"Name","type":"string","format":"name","description":"Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names","priority":0}""",
            table["columnDefinitions"]![0]!.ToJsonString());
        Assert.Equal(["Name", "Data", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var rows = table["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal("""["a",1,"5m"]""", rows[0]!["cells"]!.ToJsonString());
        Assert.Equal(["kind", "apiVersion", "metadata", "columnDefinitions", "rows"], table.Select(p => p.Key));
    }

    [Fact]
    public void Empty_list_metadata_omits_empty_fields()
    {
        var table = ConfigMaps.ConvertList([], "", null, null, Now);
        Assert.Equal("{}", table["metadata"]!.ToJsonString());
        Assert.Empty(table["rows"]!.AsArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Metadata")]
    public void Default_row_object_is_partial_object_metadata_with_full_metadata(string? includeObject)
    {
        var source = ConfigMap("a", "10");
        var row = ConfigMaps.ConvertList([source], "12", null, includeObject, Now)["rows"]![0]!;
        var obj = row["object"]!;
        Assert.Equal("PartialObjectMetadata", obj["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", obj["apiVersion"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(source["metadata"], obj["metadata"]));
        Assert.Null(obj["data"]);
        Assert.Equal(["cells", "object"], row.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Object_mode_embeds_a_copy_of_the_whole_object()
    {
        var source = ConfigMap("a", "10");
        var obj = ConfigMaps.ConvertList([source], "12", null, "Object", Now)["rows"]![0]!["object"]!;
        Assert.True(JsonNode.DeepEquals(source, obj));
        Assert.NotSame(source, obj);
    }

    [Fact]
    public void None_mode_serializes_a_null_object()
    {
        var row = ConfigMaps.ConvertList([ConfigMap("a", "10")], "12", null, "None", Now)["rows"]![0]!.AsObject();
        Assert.True(row.ContainsKey("object"));
        Assert.Null(row["object"]);
        Assert.Equal("""{"cells":["a",1,"5m"],"object":null}""", row.ToJsonString());
    }

    [Theory]
    [InlineData("metadata")]
    [InlineData("Full")]
    public void Unrecognized_include_object_is_a_bad_request(string includeObject)
    {
        var error = Assert.Throws<StatusError>(() => ConfigMaps.ConvertList([ConfigMap("a", "10")], "12", null, includeObject, Now));
        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
        Assert.Equal($"unrecognized includeObject value: \"{includeObject}\"", error.Message);
    }

    [Fact]
    public void Unrecognized_include_object_on_an_empty_list_is_not_checked_as_in_kube()
    {
        Assert.Empty(ConfigMaps.ConvertList([], "12", null, "bogus", Now)["rows"]!.AsArray());
    }

    [Fact]
    public void Single_object_table_carries_the_objects_resource_version()
    {
        var table = ConfigMaps.ConvertObject(ConfigMap("a", "10"), null, Now);
        Assert.Equal("""{"resourceVersion":"10"}""", table["metadata"]!.ToJsonString());
        Assert.Single(table["rows"]!.AsArray());
        Assert.Equal(3, table["columnDefinitions"]!.AsArray().Count);
    }

    [Fact]
    public void Later_watch_events_have_null_column_definitions()
    {
        var table = ConfigMaps.ConvertObject(ConfigMap("a", "10"), "None", Now, includeColumnDefinitions: false);
        Assert.True(table.ContainsKey("columnDefinitions"));
        Assert.Null(table["columnDefinitions"]);
        Assert.Equal("""["a",1,"5m"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void Row_conditions_sit_between_cells_and_object()
    {
        var pods = TableConvertor.For(BuiltInResources.Pods);
        var row = pods.ConvertObject(ParseJson("""{"metadata":{"name":"job-x"},"status":{"phase":"Succeeded"}}"""), "None", Now)["rows"]![0]!.AsObject();
        Assert.Equal(["cells", "conditions", "object"], row.Select(p => p.Key));
    }

    [Fact]
    public void The_v1beta1_table_version_applies_to_partial_metadata_too()
    {
        var convertor = new TableConvertor(TablePrinters.For(BuiltInResources.ConfigMaps)) { GroupVersion = TableConvertor.MetaV1Beta1 };
        var table = convertor.ConvertObject(ConfigMap("a", "10"), null, Now);
        Assert.Equal("meta.k8s.io/v1beta1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1beta1", table["rows"]![0]!["object"]!["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public void Custom_resources_plug_in_their_own_printer()
    {
        var printer = CustomResourceTablePrinter.FromColumnDefinitions(
            new JsonArray(new JsonObject { ["name"] = "Replicas", ["type"] = "integer", ["jsonPath"] = ".spec.replicas" }));
        var table = new TableConvertor(printer).ConvertList([ParseJson("""{"metadata":{"name":"c1"},"spec":{"replicas":2}}""")], "5", null, null, Now);
        Assert.Equal("""["c1",2]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void Every_catalog_resource_has_a_printer_whose_rows_match_its_columns()
    {
        foreach (var resource in BuiltInResources.All)
        {
            var printer = TablePrinters.For(resource);
            Assert.Equal("name", printer.Columns.Single(c => c.Format == "name").Format);
            var row = printer.PrintRow(ParseJson("""{"metadata":{"name":"x"}}"""), Now);
            Assert.Equal(printer.Columns.Count, row.Cells.Count);
        }
    }
}
