using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// apiextensions-apiserver's table convertor for custom resources: NAME followed by the CRD version's
/// <c>additionalPrinterColumns</c>, each cell the first value its JSONPath selects. A CRD version without
/// printer columns gets a single AGE column.
/// </summary>
public sealed class CustomResourceTablePrinter : ITablePrinter
{
    readonly IReadOnlyList<SimpleJsonPath> paths;

    CustomResourceTablePrinter(IReadOnlyList<TableColumn> columns, IReadOnlyList<SimpleJsonPath> paths)
    {
        Columns = columns;
        this.paths = paths;
    }

    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>
    /// The printer for one served version of a CRD (apiextensions.k8s.io/v1 JSON), from
    /// <c>spec.versions[name=version].additionalPrinterColumns</c>.
    /// </summary>
    public static CustomResourceTablePrinter ForVersion(JsonObject customResourceDefinition, string version)
    {
        var served = customResourceDefinition.ArrayAt("spec", "versions").FirstOrDefault(v => v.TextAt("name") == version);
        return FromColumnDefinitions(served.At("additionalPrinterColumns") as JsonArray);
    }

    /// <summary>
    /// The printer for a list of CustomResourceColumnDefinitions (name, type, format, description, priority, jsonPath).
    /// Like the apiextensions server, a column whose JSONPath does not parse ends the column list there:
    /// the columns before it are still served.
    /// </summary>
    public static CustomResourceTablePrinter FromColumnDefinitions(JsonArray? additionalPrinterColumns)
    {
        var definitions = additionalPrinterColumns is { Count: > 0 } ? additionalPrinterColumns.ToList() : [DefaultAgeColumn];
        var columns = new List<TableColumn> { CommonColumns.Name };
        var paths = new List<SimpleJsonPath>();
        foreach (var definition in definitions)
        {
            var jsonPath = definition.TextAt("jsonPath");
            if (!SimpleJsonPath.TryParse(jsonPath, out var path)) break;
            paths.Add(path!);
            var description = definition.TextAt("description") is { Length: > 0 } d
                ? d
                : $"Custom resource definition column (in JSONPath format): {jsonPath}";
            columns.Add(new TableColumn(
                definition.TextAt("name"),
                definition.TextAt("type"),
                description,
                (int)definition.IntegerAt("priority").GetValueOrDefault(),
                definition.TextAt("format")));
        }
        return new CustomResourceTablePrinter(columns, paths);
    }

    static JsonObject DefaultAgeColumn => new()
    {
        ["name"] = "Age",
        ["type"] = "date",
        ["description"] = CommonColumns.CreationTimestampDescription,
        ["jsonPath"] = ".metadata.creationTimestamp",
    };

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var cells = new JsonArray(CommonColumns.NameOf(obj));
        for (var i = 0; i < paths.Count; i++)
        {
            // Only simple paths are expected, so only the first selected value is shown.
            var value = paths[i].Evaluate(obj).FirstOrDefault();
            cells.Add(value is null ? null : Cell(Columns[i + 1].Type, value, now));
        }
        return new PrintedRow(cells);
    }

    /// <summary>The cell for a selected value per the column type; null (kubectl's "&lt;none&gt;") when the value does not fit the type.</summary>
    static JsonNode? Cell(string type, JsonNode value, DateTimeOffset now)
    {
        if (type == "string") return GoValueText.Print(value);
        if (value is not JsonValue scalar) return null;
        return (type, scalar.GetValueKind()) switch
        {
            ("integer", JsonValueKind.Number) => GoValueText.TryGetDecodedInteger(scalar, out var l) ? l : (long)GoValueText.ToDouble(scalar),
            ("number", JsonValueKind.Number) => GoValueText.TryGetDecodedInteger(scalar, out var l) ? (double)l : GoValueText.ToDouble(scalar),
            ("boolean", JsonValueKind.True or JsonValueKind.False) => scalar.GetValue<bool>(),
            ("date", JsonValueKind.String) => DateCell(scalar.GetValue<string>(), now),
            _ => null,
        };
    }

    /// <summary>A date column shows the age of the timestamp: "&lt;unknown&gt;" when empty, "&lt;invalid&gt;" when unparsable.</summary>
    static string DateCell(string timestamp, DateTimeOffset now)
    {
        if (timestamp is "" or "null") return Timestamps.Unknown;
        return Timestamps.TryParse(timestamp, out _) ? Timestamps.Since(timestamp, now) : "<invalid>";
    }
}
