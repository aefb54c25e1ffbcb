using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// One meta.k8s.io/v1 <c>TableColumnDefinition</c>. <paramref name="Type"/> is an OpenAPI type
/// (integer, number, string, boolean, date); <paramref name="Format"/> "name" marks the primary column;
/// <paramref name="Priority"/> &gt; 0 columns are only shown by <c>kubectl get -o wide</c>.
/// </summary>
public sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "")
{
    /// <summary>The wire form; every field is present, as metav1.TableColumnDefinition has no omitempty tags.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
