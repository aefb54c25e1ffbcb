using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>
/// JSONSchemaPropsOrArray (<c>schema = 1</c>, <c>repeated jSONSchemas = 2</c>): the array when it has items,
/// otherwise the schema object — as its Go MarshalJSON writes it.
/// </summary>
internal sealed class SchemaOrArrayCodec(string schemaMessage) : IProtobufJsonCodec
{
    public JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder)
    {
        var type = decoder.Schema.Message(schemaMessage);
        JsonNode? schema = null;
        var array = new JsonArray();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited): schema = decoder.DecodeMessage(type, reader.ReadLengthDelimited()); break;
                case (2, WireType.LengthDelimited): array.Add(decoder.DecodeMessage(type, reader.ReadLengthDelimited())); break;
                default: reader.Skip(wireType); break;
            }
        }
        return array.Count > 0 ? array : schema;
    }

    public void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path)
    {
        var type = encoder.Schema.Message(schemaMessage);
        if (value is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++) writer.WriteMessage(2, encoder.EncodeMessage(type, items[i], $"{path}[{i}]"));
        }
        else
        {
            writer.WriteMessage(1, encoder.EncodeMessage(type, value, path));
        }
    }
}

/// <summary>JSONSchemaPropsOrBool (<c>allows = 1</c>, <c>schema = 2</c>): the schema object when set, otherwise the boolean.</summary>
internal sealed class SchemaOrBoolCodec(string schemaMessage) : IProtobufJsonCodec
{
    public JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder)
    {
        var allows = false;
        JsonNode? schema = null;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.Varint): allows = reader.ReadVarint() != 0; break;
                case (2, WireType.LengthDelimited):
                    schema = decoder.DecodeMessage(decoder.Schema.Message(schemaMessage), reader.ReadLengthDelimited());
                    break;
                default: reader.Skip(wireType); break;
            }
        }
        return schema ?? JsonValue.Create(allows);
    }

    public void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path)
    {
        if (value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            writer.WriteVarintField(1, value.GetValue<bool>() ? 1UL : 0UL);
            return;
        }
        // Go's UnmarshalJSON sets Allows for a schema too.
        writer.WriteVarintField(1, 1);
        writer.WriteMessage(2, encoder.EncodeMessage(encoder.Schema.Message(schemaMessage), value, path));
    }
}

/// <summary>JSONSchemaPropsOrStringArray (<c>schema = 1</c>, <c>repeated property = 2</c>): the string array when it has items, else the schema.</summary>
internal sealed class SchemaOrStringArrayCodec(string schemaMessage) : IProtobufJsonCodec
{
    public JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder)
    {
        JsonNode? schema = null;
        var property = new JsonArray();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    schema = decoder.DecodeMessage(decoder.Schema.Message(schemaMessage), reader.ReadLengthDelimited());
                    break;
                case (2, WireType.LengthDelimited): property.Add(Encoding.UTF8.GetString(reader.ReadLengthDelimited())); break;
                default: reader.Skip(wireType); break;
            }
        }
        return property.Count > 0 ? property : schema;
    }

    public void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path)
    {
        if (value is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
                writer.WriteLengthDelimitedField(2, Encoding.UTF8.GetBytes(JsonScalar.String(items[i] ?? "", $"{path}[{i}]")));
        }
        else
        {
            writer.WriteMessage(1, encoder.EncodeMessage(encoder.Schema.Message(schemaMessage), value, path));
        }
    }
}
