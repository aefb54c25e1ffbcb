using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using YamlDotNet.RepresentationModel;

namespace Coxswain.LocalCluster.Http;

/// <summary>Request bodies sent as YAML (server-side apply sends <c>application/apply-patch+yaml</c>; YAML is JSON's superset).</summary>
public static class YamlBody
{
    public static JsonObject ToJsonObject(ResourceDefinition r, byte[] body)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(Encoding.UTF8.GetString(body)));
            if (stream.Documents.Count == 0) throw StatusError.BadRequest("the body of the request was empty");
            return Convert(stream.Documents[0].RootNode) as JsonObject
                ?? throw StatusError.BadRequest($"the object provided is unrecognized (must be of type {r.Kind})");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw StatusError.BadRequest($"error converting YAML to JSON: yaml: {e.Message}");
        }
    }

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode sc => Scalar(sc),
        _ => null,
    };

    static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted
            or YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded)
            return JsonValue.Create(v);
        // YAML 1.1-ish plain scalars as sigs.k8s.io/yaml resolves them.
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (long.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l))
            return JsonValue.Create(l);
        if (double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            && v.Any(char.IsDigit) && !v.StartsWith('.') )
            return JsonValue.Create(d);
        return JsonValue.Create(v);
    }
}
