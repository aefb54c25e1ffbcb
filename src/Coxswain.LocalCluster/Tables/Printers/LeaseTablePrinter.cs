using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's lease columns: NAME HOLDER AGE.</summary>
internal sealed class LeaseTablePrinter : ITablePrinter
{
    public static readonly LeaseTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Holder", "string", "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field."),
        CommonColumns.Age,
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now) =>
        new(CommonColumns.NameOf(obj), obj.TextAt("spec", "holderIdentity"), CommonColumns.AgeOf(obj, now));
}
