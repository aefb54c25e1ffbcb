using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

public class CustomResourceTablePrinterTests
{
    static readonly JsonObject CloneSetCrd = ParseJson("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"clonesets.apps.kruise.io"},
         "spec":{"group":"apps.kruise.io","names":{"kind":"CloneSet","plural":"clonesets"},"scope":"Namespaced",
           "versions":[
             {"name":"v1alpha1","served":true,"storage":true,
              "additionalPrinterColumns":[
                {"name":"DESIRED","type":"integer","description":"The desired number of pods.","jsonPath":".spec.replicas"},
                {"name":"UPDATED_READY","type":"integer","jsonPath":".status.updatedReadyReplicas"},
                {"name":"READY","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"},
                {"name":"PAUSED","type":"boolean","jsonPath":".spec.updateStrategy.paused"},
                {"name":"RATIO","type":"number","jsonPath":".status.ratio"},
                {"name":"AGE","type":"date","jsonPath":".metadata.creationTimestamp"},
                {"name":"CONTAINERS","type":"string","priority":1,"jsonPath":".spec.template.spec.containers[*].name"},
                {"name":"SELECTOR","type":"string","format":"selector","priority":1,"jsonPath":".spec.selector"}]},
             {"name":"v1beta1","served":true,"storage":false}]}}
        """);

    static readonly string CloneSet = $$$$"""
        {"apiVersion":"apps.kruise.io/v1alpha1","kind":"CloneSet",
         "metadata":{"name":"sample","namespace":"default","creationTimestamp":"{{{{Ago(TimeSpan.FromMinutes(8))}}}}"},
         "spec":{"replicas":5,"selector":{"matchLabels":{"app":"sample"}},"updateStrategy":{"paused":true},
                 "template":{"spec":{"containers":[{"name":"main","image":"nginx"},{"name":"sidecar","image":"envoy"}]}}},
         "status":{"updatedReadyReplicas":4,"ratio":1,"conditions":[{"type":"Synced","status":"True"},{"type":"Ready","status":"False"}]}}
        """;

    [Fact]
    public void Columns_come_from_the_served_versions_printer_columns()
    {
        var printer = CustomResourceTablePrinter.ForVersion(CloneSetCrd, "v1alpha1");
        Assert.Equal("Name|DESIRED|UPDATED_READY|READY|PAUSED|RATIO|AGE|CONTAINERS|SELECTOR", ColumnNames(printer));
        Assert.Equal(new TableColumn("DESIRED", "integer", "The desired number of pods."), printer.Columns[1]);
        Assert.Equal("Custom resource definition column (in JSONPath format): .status.updatedReadyReplicas", printer.Columns[2].Description);
        Assert.Equal(new TableColumn("SELECTOR", "string", "Custom resource definition column (in JSONPath format): .spec.selector", 1, "selector"), printer.Columns[8]);
    }

    [Fact]
    public void Cells_are_typed_per_column_and_take_the_first_match()
    {
        var printer = CustomResourceTablePrinter.ForVersion(CloneSetCrd, "v1alpha1");
        Assert.Equal("""["sample",5,4,"False",true,1,"8m","main","{\"matchLabels\":{\"app\":\"sample\"}}"]""", Cells(printer, CloneSet));
    }

    [Fact]
    public void Missing_or_mistyped_values_are_null_cells()
    {
        var printer = CustomResourceTablePrinter.ForVersion(CloneSetCrd, "v1alpha1");
        var odd = """{"metadata":{"name":"odd","creationTimestamp":"yesterday"},"spec":{"replicas":"five","updateStrategy":{"paused":"yes"}},"status":{"ratio":0.25,"updatedReadyReplicas":2.9}}""";
        Assert.Equal("""["odd",null,2,null,null,0.25,"<invalid>",null,null]""", Cells(printer, odd));
    }

    [Fact]
    public void Version_without_printer_columns_gets_an_age_column()
    {
        var printer = CustomResourceTablePrinter.ForVersion(CloneSetCrd, "v1beta1");
        Assert.Equal("Name|Age", ColumnNames(printer));
        Assert.Equal("date", printer.Columns[1].Type);
        Assert.Equal(CommonColumns.CreationTimestampDescription, printer.Columns[1].Description);
        Assert.Equal("""["sample","8m"]""", Cells(printer, CloneSet));
        // A missing timestamp selects nothing, which is a null cell rather than "<unknown>".
        Assert.Equal("""["new",null]""", Cells(printer, """{"metadata":{"name":"new"}}"""));
        Assert.Equal("""["new","<unknown>"]""", Cells(printer, """{"metadata":{"name":"new","creationTimestamp":""}}"""));
    }

    [Fact]
    public void A_column_with_an_unparsable_path_ends_the_column_list()
    {
        var columns = new JsonArray(
            new JsonObject { ["name"] = "Ok", ["type"] = "string", ["jsonPath"] = ".spec.a" },
            new JsonObject { ["name"] = "Broken", ["type"] = "string", ["jsonPath"] = ".spec[" },
            new JsonObject { ["name"] = "After", ["type"] = "string", ["jsonPath"] = ".spec.b" });
        var printer = CustomResourceTablePrinter.FromColumnDefinitions(columns);
        Assert.Equal("Name|Ok", ColumnNames(printer));
        Assert.Equal("""["x","1"]""", Cells(printer, """{"metadata":{"name":"x"},"spec":{"a":1,"b":2}}"""));
    }
}
