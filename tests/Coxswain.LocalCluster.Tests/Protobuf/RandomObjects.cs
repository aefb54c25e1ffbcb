using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Protobuf;

namespace Coxswain.LocalCluster.Tests.Protobuf;

/// <summary>
/// Random objects shaped by the protobuf table, written the way kube writes JSON: value fields never hold their zero
/// (encoding/json's omitempty drops those), pointer fields may, lists are never empty. Such objects must survive
/// encode-then-decode unchanged.
/// </summary>
internal sealed class RandomObjects(ProtobufSchema schema, Random random)
{
    const int MaxDepth = 5;

    static readonly string[] Quantities = ["1", "500m", "2Gi", "0", "1.5", "100Ki", "1e3"];

    public JsonObject Object(ProtoMessageType type, int depth = 0)
    {
        var json = new JsonObject();
        Fill(json, type, depth);
        return json;
    }

    void Fill(JsonObject json, ProtoMessageType type, int depth)
    {
        foreach (var field in type.Fields)
        {
            // Deeper messages get fewer fields, so recursive types (JSONSchemaProps) stay finite.
            if (random.NextDouble() > 0.6 / (depth + 1)) continue;
            if (field.Inline)
            {
                Fill(json, schema.Message(field.MessageType!), depth + 1);
                continue;
            }
            json[field.JsonName] = field.Cardinality switch
            {
                ProtoCardinality.Map => Map(field, depth),
                ProtoCardinality.Repeated => new JsonArray([.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => Value(field, depth, inList: true))]),
                _ => Value(field, depth, inList: false),
            };
        }
    }

    JsonObject Map(ProtoField field, int depth)
    {
        var map = new JsonObject();
        for (var i = random.Next(1, 3); i > 0; i--) map[Text()] = Value(field, depth, inList: true);
        return map;
    }

    /// <summary>A value for the field; zeros only where they survive: pointer fields and list or map elements.</summary>
    JsonNode? Value(ProtoField field, int depth, bool inList)
    {
        var zeroAllowed = field.Pointer || inList;
        if (field.Scalar is { } scalar) return Scalar(scalar, zeroAllowed);
        var messageType = field.MessageType!;
        return messageType.Split('.')[^1] switch
        {
            "Quantity" => Quantities[random.Next(Quantities.Length)],
            "IntOrString" => random.Next(2) == 0 ? JsonValue.Create(random.Next(1, 65536)) : JsonValue.Create(Text()),
            "Time" => KubeTime.Format(DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(0, 4_000_000_000))),
            "MicroTime" => KubeTime.FormatMicro(DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(0, 4_000_000_000)).AddTicks(random.Next(1_000_000) * 10)),
            "RawExtension" or "FieldsV1" or "JSON" => new JsonObject { [Text()] = new JsonArray(1, "two", true, null) },
            "Verbs" => new JsonArray("get", "list"),
            "JSONSchemaPropsOrArray" => random.Next(2) == 0 ? Schema(depth) : new JsonArray(Schema(depth), Schema(depth)),
            "JSONSchemaPropsOrBool" => random.Next(2) == 0 ? Schema(depth) : JsonValue.Create(random.Next(2) == 0),
            "JSONSchemaPropsOrStringArray" => random.Next(2) == 0 ? Schema(depth) : new JsonArray("a", "b"),
            _ => Object(schema.Message(messageType), depth + 1),
        };
    }

    JsonObject Schema(int depth) =>
        Object(schema.Message("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps"), depth + 1);

    JsonNode Scalar(ProtoScalarType type, bool zeroAllowed)
    {
        var zero = zeroAllowed && random.Next(4) == 0;
        return type switch
        {
            ProtoScalarType.String => zero ? "" : Text(),
            ProtoScalarType.Bytes => zero ? "" : Convert.ToBase64String(Bytes()),
            ProtoScalarType.Bool => !zero,
            ProtoScalarType.Int32 => zero ? 0 : NonZero(() => random.Next(int.MinValue, int.MaxValue)),
            ProtoScalarType.Int64 => zero ? 0 : NonZero(() => random.NextInt64(long.MinValue, long.MaxValue)),
            ProtoScalarType.Double => zero ? 0 : NonZero(() => Math.Round((random.NextDouble() - 0.5) * 1e6, random.Next(6))),
            _ => throw new NotSupportedException($"Kubernetes messages use no {type}"),
        };
    }

    T NonZero<T>(Func<T> next) where T : struct, IEquatable<T>
    {
        while (true)
        {
            var value = next();
            if (!value.Equals(default)) return value;
        }
    }

    string Text()
    {
        const string alphabet = "abcxyz019-./:_ é☃";
        return new string([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
    }

    byte[] Bytes()
    {
        var bytes = new byte[random.Next(1, 16)];
        random.NextBytes(bytes);
        return bytes;
    }
}
