using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// apiserver's <c>rest.DefaultTableConvertor</c>, used for resources without a dedicated printer
/// (customresourcedefinitions among them): NAME and CREATED AT, the latter an RFC 3339 UTC timestamp
/// that kubectl turns into an age itself because the column type is "date".
/// </summary>
public sealed class DefaultTablePrinter : ITablePrinter
{
    public static readonly DefaultTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Created At", "date", CommonColumns.CreationTimestampDescription),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now) =>
        new(CommonColumns.NameOf(obj), Timestamps.FormatRfc3339Utc(obj.StringAt("metadata", "creationTimestamp")));
}
