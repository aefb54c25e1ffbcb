using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's statefulset columns: NAME READY AGE, wide CONTAINERS IMAGES.</summary>
internal sealed class StatefulSetTablePrinter : ITablePrinter
{
    public static readonly StatefulSetTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Ready", "string", "Number of the pod with ready state"),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = ContainerCells.Of(obj.At("spec", "template", "spec"));
        return new PrintedRow(
            CommonColumns.NameOf(obj),
            $"{obj.IntegerAt("status", "readyReplicas").GetValueOrDefault()}/{obj.IntegerAt("spec", "replicas").GetValueOrDefault()}",
            CommonColumns.AgeOf(obj, now),
            names,
            images);
    }
}
