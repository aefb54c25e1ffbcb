using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's columns for mutating and validating webhook configurations alike: NAME WEBHOOKS AGE.</summary>
internal sealed class WebhookConfigurationTablePrinter : ITablePrinter
{
    public static readonly WebhookConfigurationTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration"),
        CommonColumns.Age,
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now) =>
        new(CommonColumns.NameOf(obj), (long)obj.CountAt("webhooks"), CommonColumns.AgeOf(obj, now));
}
