using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// The content of a metav1.LabelSelector in its wire JSON form (<c>{matchLabels, matchExpressions}</c>), read without
/// interpreting it. JSON of the wrong shape is rejected with the error Go's encoding/json gives for it.
/// </summary>
internal sealed class LabelSelectorJson
{
    public List<KeyValuePair<string, string>> MatchLabels { get; } = [];
    public List<Expression> MatchExpressions { get; } = [];

    /// <summary>One matchExpressions entry; <see cref="Values"/> is null when the field is absent, as in Go.</summary>
    public sealed record Expression(string Key, string Operator, List<string>? Values);

    public static LabelSelectorJson Read(JsonObject selector)
    {
        var result = new LabelSelectorJson();
        switch (selector["matchLabels"])
        {
            case null: break;
            case JsonObject labels:
                foreach (var (key, value) in labels) // Go decodes a null map entry as the empty string
                    result.MatchLabels.Add(new(key, value is null ? "" : ReadString(value, "LabelSelector.matchLabels", "string")));
                break;
            case var other:
                throw TypeError(other, "LabelSelector.matchLabels", "map[string]string");
        }

        switch (selector["matchExpressions"])
        {
            case null: break;
            case JsonArray expressions:
                foreach (var item in expressions) // Go decodes a null element as the zero requirement
                    result.MatchExpressions.Add(item is null ? new Expression("", "", null) : ReadExpression(item));
                break;
            case var other:
                throw TypeError(other, "LabelSelector.matchExpressions", "[]v1.LabelSelectorRequirement");
        }
        return result;
    }

    static Expression ReadExpression(JsonNode item)
    {
        if (item is not JsonObject expression) throw TypeError(item, "LabelSelector.matchExpressions", "v1.LabelSelectorRequirement");
        const string owner = "LabelSelectorRequirement.matchExpressions";
        string key = expression["key"] is { } k ? ReadString(k, owner + ".key", "string") : "";
        string op = expression["operator"] is { } o ? ReadString(o, owner + ".operator", "v1.LabelSelectorOperator") : "";
        List<string>? values = null;
        switch (expression["values"])
        {
            case null: break;
            case JsonArray array:
                values = array.Select(v => v is null ? "" : ReadString(v, owner + ".values", "string")).ToList();
                break;
            case var other:
                throw TypeError(other, owner + ".values", "[]string");
        }
        return new Expression(key, op, values);
    }

    static string ReadString(JsonNode node, string field, string goType) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw TypeError(node, field, goType);

    /// <summary>encoding/json's UnmarshalTypeError text for a value of the wrong JSON kind.</summary>
    static InvalidLabelSelectorException TypeError(JsonNode node, string field, string goType)
    {
        var kind = node.GetValueKind() switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "bool",
        };
        return new InvalidLabelSelectorException($"json: cannot unmarshal {kind} into Go struct field {field} of type {goType}");
    }
}
