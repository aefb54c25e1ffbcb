using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tables;

namespace Coxswain.LocalCluster.Tests.Tables;

/// <summary>Shared fixtures: a fixed clock and cell snapshots as compact JSON.</summary>
internal static class TableTestSupport
{
    public static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Serializer options that leave &lt; &gt; &amp; unescaped so snapshots read like kubectl output.</summary>
    public static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ParseJson(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>The row's cells as compact JSON, e.g. <c>["web-0","1/1","Running","0","5m"]</c>.</summary>
    public static string Cells(ITablePrinter printer, string objectJson) =>
        printer.PrintRow(ParseJson(objectJson), Now).Cells.ToJsonString(Readable);

    /// <summary>Only the cells of the columns kubectl shows without -o wide.</summary>
    public static string NarrowCells(ITablePrinter printer, string objectJson)
    {
        var cells = printer.PrintRow(ParseJson(objectJson), Now).Cells;
        var narrow = new JsonArray(printer.Columns.Select((c, i) => c.Priority == 0 ? cells[i]?.DeepClone() : null)
            .Where((_, i) => printer.Columns[i].Priority == 0).ToArray());
        return narrow.ToJsonString(Readable);
    }

    /// <summary>The text of the cell under the named column ("" for a null cell).</summary>
    public static string Cell(ITablePrinter printer, string objectJson, string column)
    {
        var index = printer.Columns.Select(c => c.Name).ToList().IndexOf(column);
        Assert.True(index >= 0, $"no column {column}");
        return printer.PrintRow(ParseJson(objectJson), Now).Cells[index]?.ToString() ?? "";
    }

    public static string ColumnNames(ITablePrinter printer) => string.Join("|", printer.Columns.Select(c => c.Name));

    /// <summary>An RFC 3339 timestamp the given time before <see cref="Now"/>.</summary>
    public static string Ago(TimeSpan age) => (Now - age).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
