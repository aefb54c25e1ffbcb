using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's replicaset columns: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR.</summary>
internal sealed class ReplicaSetTablePrinter : ITablePrinter
{
    public static readonly ReplicaSetTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Desired", "integer", "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
        new("Current", "integer", "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
        new("Ready", "integer", "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        new("Selector", "string", "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", Priority: 1),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var (names, images) = ContainerCells.Of(obj.At("spec", "template", "spec"));
        return new PrintedRow(
            CommonColumns.NameOf(obj),
            obj.IntegerAt("spec", "replicas").GetValueOrDefault(),
            obj.IntegerAt("status", "replicas").GetValueOrDefault(),
            obj.IntegerAt("status", "readyReplicas").GetValueOrDefault(),
            CommonColumns.AgeOf(obj, now),
            names,
            images,
            LabelFormatting.FormatLabelSelector(obj.ObjectAt("spec", "selector")));
    }
}
