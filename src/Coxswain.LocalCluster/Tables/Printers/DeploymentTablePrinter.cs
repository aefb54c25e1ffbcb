using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's deployment columns: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR.</summary>
internal sealed class DeploymentTablePrinter : ITablePrinter
{
    public static readonly DeploymentTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Ready", "string", "Number of the pod with ready state"),
        new("Up-to-date", "string", "Total number of non-terminating pods targeted by this deployment that have the desired template spec."),
        new("Available", "string", "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        new("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.", Priority: 1),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var status = obj.ObjectAt("status");
        var (names, images) = ContainerCells.Of(obj.At("spec", "template", "spec"));
        return new PrintedRow(
            CommonColumns.NameOf(obj),
            $"{status.IntegerAt("readyReplicas").GetValueOrDefault()}/{obj.IntegerAt("spec", "replicas").GetValueOrDefault()}",
            status.IntegerAt("updatedReplicas").GetValueOrDefault(),
            status.IntegerAt("availableReplicas").GetValueOrDefault(),
            CommonColumns.AgeOf(obj, now),
            names,
            images,
            LabelFormatting.TrySelectorString(obj.ObjectAt("spec", "selector")) ?? "<invalid>");
    }
}
