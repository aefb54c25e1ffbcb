using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;
using Coxswain.LocalCluster.Protobuf;

namespace Coxswain.LocalCluster.Tests.Protobuf;

internal static class ProtobufTestSupport
{
    public static readonly ProtobufSchema Schema = ProtobufSchema.Kubernetes;

    public const string Core = "k8s.io.api.core.v1.";
    public const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";

    public static byte[] Message(Action<ProtobufWriter> build)
    {
        var writer = new ProtobufWriter();
        build(writer);
        return writer.ToArray();
    }

    public static void String(this ProtobufWriter writer, int field, string value) =>
        writer.WriteLengthDelimitedField(field, Encoding.UTF8.GetBytes(value));

    public static void Bytes(this ProtobufWriter writer, int field, byte[] value) => writer.WriteLengthDelimitedField(field, value);

    public static void Nested(this ProtobufWriter writer, int field, Action<ProtobufWriter> build)
    {
        var nested = new ProtobufWriter();
        build(nested);
        writer.WriteMessage(field, nested);
    }

    public static JsonObject Decode(string messageType, byte[] bytes) =>
        new ProtobufJsonDecoder(Schema).DecodeMessage(Schema.Message(messageType), bytes);

    public static byte[] Encode(string messageType, JsonObject json, ICollection<string>? unknown = null) =>
        new ProtobufJsonEncoder(Schema, unknown).EncodeMessage(Schema.Message(messageType), json, "").ToArray();

    public static JsonObject ParseJson(string json) => JsonNode.Parse(json)!.AsObject();

    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    /// <summary>Drops JSON nulls (creationTimestamp: null), which the decoder leaves out rather than writes.</summary>
    public static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                    if (value is null) obj.Remove(key);
                    else WithoutNulls(value);
                break;
            case JsonArray array:
                foreach (var item in array) WithoutNulls(item);
                break;
        }
        return node;
    }
}
