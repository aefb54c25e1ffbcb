using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>
/// Messages that carry JSON text in <c>bytes raw = 1</c>: runtime.RawExtension (ControllerRevision.data),
/// metav1.FieldsV1 (managedFields[].fieldsV1) and apiextensions JSON (schema defaults, enums, examples).
/// Their JSON is that text, embedded.
/// </summary>
internal sealed class RawJsonCodec : IProtobufJsonCodec
{
    public JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder)
    {
        ReadOnlySpan<byte> raw = default;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == WireType.LengthDelimited) raw = reader.ReadLengthDelimited();
            else reader.Skip(wireType);
        }
        if (raw.IsEmpty) return null;
        try
        {
            return JsonNode.Parse(raw, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new ProtobufFormatException($"embedded raw JSON does not parse: {e.Message}");
        }
    }

    public void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path) =>
        writer.WriteLengthDelimitedField(1, Encoding.UTF8.GetBytes(value.ToJsonString()));
}

/// <summary>A message wrapping <c>repeated string items = 1</c> whose JSON is the bare array (metav1.Verbs).</summary>
internal sealed class StringArrayCodec : IProtobufJsonCodec
{
    public JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder)
    {
        var items = new JsonArray();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == WireType.LengthDelimited) items.Add(Encoding.UTF8.GetString(reader.ReadLengthDelimited()));
            else reader.Skip(wireType);
        }
        return items;
    }

    public void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path)
    {
        if (value is not JsonArray items) throw JsonScalar.Mismatch(value, "array", path);
        for (var i = 0; i < items.Count; i++)
            writer.WriteLengthDelimitedField(1, Encoding.UTF8.GetBytes(JsonScalar.String(items[i] ?? "", $"{path}[{i}]")));
    }
}
