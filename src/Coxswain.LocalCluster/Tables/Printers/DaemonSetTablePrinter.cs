using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>
/// kubectl's daemonset columns: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE,
/// wide CONTAINERS IMAGES SELECTOR.
/// </summary>
internal sealed class DaemonSetTablePrinter : ITablePrinter
{
    public static readonly DaemonSetTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Desired", "integer", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        new("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        new("Ready", "integer", "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
        new("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
        new("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
        new("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        new("Selector", "string", "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", Priority: 1),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var status = obj.ObjectAt("status");
        var podSpec = obj.At("spec", "template", "spec");
        var (names, images) = ContainerCells.Of(podSpec);
        return new PrintedRow(
            CommonColumns.NameOf(obj),
            status.IntegerAt("desiredNumberScheduled").GetValueOrDefault(),
            status.IntegerAt("currentNumberScheduled").GetValueOrDefault(),
            status.IntegerAt("numberReady").GetValueOrDefault(),
            status.IntegerAt("updatedNumberScheduled").GetValueOrDefault(),
            status.IntegerAt("numberAvailable").GetValueOrDefault(),
            LabelFormatting.FormatLabels(podSpec.StringMapAt("nodeSelector")),
            CommonColumns.AgeOf(obj, now),
            names,
            images,
            LabelFormatting.FormatLabelSelector(obj.ObjectAt("spec", "selector")));
    }
}
