using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Tables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Tables;

/// <summary>
/// Printers read whatever JSON a client stored: any field may be missing, null or of the wrong type.
/// Like the Go printers over zero values, they must still produce one cell per column.
/// </summary>
public class PrinterRobustnessTests
{
    // Field names the printers look at, so random documents hit the interesting paths.
    static readonly string[] Keys =
    [
        "metadata", "name", "creationTimestamp", "deletionTimestamp", "labels", "annotations", "ownerReferences", "controller",
        "apiVersion", "kind", "spec", "status", "phase", "reason", "conditions", "type", "containers", "initContainers",
        "containerStatuses", "initContainerStatuses", "state", "waiting", "terminated", "running", "lastState", "finishedAt",
        "restartCount", "ready", "started", "restartPolicy", "exitCode", "signal", "ports", "port", "nodePort", "protocol",
        "selector", "matchLabels", "matchExpressions", "operator", "values", "key", "replicas", "readyReplicas", "template",
        "subsets", "addresses", "ip", "endpoints", "data", "webhooks", "involvedObject", "regarding", "series", "count",
        "capacity", "storage", "accessModes", "claimRef", "volumeName", "holderIdentity", "revision", "nodeInfo", "podIPs",
    ];

    static Gen<JsonNode?> Value(int depth)
    {
        var scalars = Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            ArbMap.Default.GeneratorFor<int>().Select(i => (JsonNode?)i),
            ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)b),
            Gen.Elements("", "True", "Ready", "Always", "2024-05-01T11:00:00Z", "v1", "a/b/c", "apps/v1", "In", "x").Select(s => (JsonNode?)s),
            Gen.Choose(-1000, 1000).Select(i => (JsonNode?)(i / 7.0)));
        if (depth == 0) return scalars;
        var objects = Entries(depth - 1, maxCount: 5).Select(entries => (JsonNode?)Build(entries));
        var arrays = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Value(depth - 1), n)).Select(items => (JsonNode?)new JsonArray(items));
        return Gen.Frequency((2, scalars), (3, objects), (2, arrays));
    }

    static Gen<(string Key, JsonNode? Value)[]> Entries(int depth, int maxCount) =>
        Gen.Choose(0, maxCount).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Elements(Keys), Value(depth)), n));

    static JsonObject Build(IEnumerable<(string Key, JsonNode? Value)> entries)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in entries) obj[key] = value;
        return obj;
    }

    static readonly ITablePrinter[] Printers =
    [
        .. BuiltInResources.All.Select(TablePrinters.For),
        .. new[] { "deployments", "replicasets", "daemonsets", "statefulsets" }.Select(r => TablePrinters.For("apps", r)),
    ];

    [Property(MaxTest = 300)]
    public Property Every_printer_renders_one_cell_per_column_for_any_shape()
    {
        var documents = Entries(depth: 4, maxCount: 6).Select(Build).ToArbitrary();
        return Prop.ForAll(documents, document => Printers.All(printer =>
        {
            try
            {
                return printer.PrintRow(document, TableTestSupport.Now).Cells.Count == printer.Columns.Count;
            }
            catch (StatusError e) when (e.Message.StartsWith("Internal error occurred: unexpected GroupVersion string", StringComparison.Ordinal))
            {
                return true; // kube fails the request the same way for an owner apiVersion like "a/b/c"
            }
        }));
    }
}
