using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// What a printer produces for one object: the cells, in column order, and the optional row conditions
/// (only pods use them, to mark a finished pod "Completed").
/// </summary>
public sealed record PrintedRow(JsonArray Cells, JsonArray? Conditions = null)
{
    public PrintedRow(params JsonNode?[] cells) : this(new JsonArray(cells)) { }
}
