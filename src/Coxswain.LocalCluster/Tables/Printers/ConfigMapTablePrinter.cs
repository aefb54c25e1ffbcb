using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's configmap columns: NAME DATA AGE, where DATA counts data and binaryData keys.</summary>
internal sealed class ConfigMapTablePrinter : ITablePrinter
{
    public static readonly ConfigMapTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Data", "string", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
        CommonColumns.Age,
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now) =>
        new(CommonColumns.NameOf(obj), (long)(obj.CountAt("data") + obj.CountAt("binaryData")), CommonColumns.AgeOf(obj, now));
}
