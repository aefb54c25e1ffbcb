using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using YamlDotNet.Serialization;

namespace Coxswain.Manifests;

/// <summary>Renders objects as one multi-document YAML stream (or a JSON <c>v1/List</c>), ready for <c>kubectl apply -f -</c>.</summary>
public static class ManifestRenderer
{
    // Strings that would read back as something else (numbers, booleans, "1" quantities) are quoted, so kubectl sees
    // exactly the wire values and a second apply finds nothing to change.
    static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().DisableAliases().Build();

    /// <summary>
    /// YAML from each object's wire JSON (KubernetesJson), not from the model's own YAML serializer: the JSON path writes
    /// quantities as strings and free-form schema fields (<c>items</c>, <c>additionalProperties</c>) as their JSON.
    /// </summary>
    public static string ToYaml(IEnumerable<IKubernetesObject> objects)
    {
        var text = new StringBuilder();
        foreach (var obj in objects)
        {
            text.Append("---\n");
            text.Append(Yaml.Serialize(Plain(JsonNode.Parse(KubernetesJson.Serialize(obj)))));
        }
        return text.ToString();
    }

    public static string ToJsonList(IEnumerable<IKubernetesObject> objects)
    {
        var items = string.Join(",\n", objects.Select(o => KubernetesJson.Serialize(o)));
        return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n" + items + "\n]}\n";
    }

    /// <summary>JSON as plain dictionaries, lists and scalars, which the YAML serializer writes in document order.</summary>
    static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetValue<long>(out var l) ? l : v.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
