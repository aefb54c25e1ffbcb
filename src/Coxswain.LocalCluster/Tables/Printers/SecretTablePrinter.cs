using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's secret columns: NAME TYPE DATA AGE.</summary>
internal sealed class SecretTablePrinter : ITablePrinter
{
    public static readonly SecretTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Type", "string", "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
        new("Data", "string", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
        CommonColumns.Age,
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now) =>
        new(CommonColumns.NameOf(obj), obj.TextAt("type"), (long)obj.CountAt("data"), CommonColumns.AgeOf(obj, now));
}
