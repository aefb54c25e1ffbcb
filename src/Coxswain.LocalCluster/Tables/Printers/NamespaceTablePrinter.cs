using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's namespace columns: NAME STATUS AGE.</summary>
internal sealed class NamespaceTablePrinter : ITablePrinter
{
    public static readonly NamespaceTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Status", "string", "The status of the namespace"),
        CommonColumns.Age,
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now) =>
        new(CommonColumns.NameOf(obj), obj.TextAt("status", "phase"), CommonColumns.AgeOf(obj, now));
}
