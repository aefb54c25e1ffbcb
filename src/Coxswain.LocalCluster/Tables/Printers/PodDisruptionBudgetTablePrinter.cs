using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's PodDisruptionBudget columns: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE.</summary>
internal sealed class PodDisruptionBudgetTablePrinter : ITablePrinter
{
    public static readonly PodDisruptionBudgetTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Min Available", "string", "The minimum number of pods that must be available."),
        new("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
        new("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
        CommonColumns.Age,
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now) =>
        new(CommonColumns.NameOf(obj), IntOrStringText(obj.At("spec", "minAvailable")), IntOrStringText(obj.At("spec", "maxUnavailable")),
            obj.IntegerAt("status", "disruptionsAllowed") ?? 0, CommonColumns.AgeOf(obj, now));

    /// <summary>IntOrString.String(): the number or the percentage as written; "N/A" when the field is not set.</summary>
    static string IntOrStringText(JsonNode? value) => value switch
    {
        null => "N/A",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}
