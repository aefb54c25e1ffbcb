using System.Text;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>
/// Decodes Kubernetes protobuf messages into the JSON kube-apiserver would write for the same Go object:
/// value fields at their zero value are left out (Go always writes them, so on the wire they carry nothing),
/// pointer fields keep their zeros (replicas: 0), messages are objects even when empty (as Go's encoding/json
/// writes non-pointer structs: "resources": {}), inline structs are flattened into their parent, and the types with
/// hand-written JSON go through their <see cref="IProtobufJsonCodec"/>.
/// Fields the table does not know (newer than it) are skipped, as Go skips unknown protobuf fields.
/// </summary>
internal sealed class ProtobufJsonDecoder(ProtobufSchema schema)
{
    public ProtobufSchema Schema => schema;

    public JsonObject DecodeMessage(ProtoMessageType type, ReadOnlySpan<byte> message)
    {
        var json = new JsonObject();
        DecodeInto(json, type, message);
        return json;
    }

    void DecodeInto(JsonObject json, ProtoMessageType type, ReadOnlySpan<byte> message)
    {
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var number, out var wireType))
        {
            if (type.FieldByNumber(number) is not { } field)
            {
                reader.Skip(wireType);
                continue;
            }
            switch (field.Cardinality)
            {
                case ProtoCardinality.Map:
                    Expect(field, wireType, WireType.LengthDelimited, type);
                    var (key, value) = DecodeMapEntry(field, reader.ReadLengthDelimited(), type);
                    MapAt(json, field.JsonName)[key] = value;
                    break;
                case ProtoCardinality.Repeated:
                    DecodeRepeated(ArrayAt(json, field.JsonName), field, wireType, ref reader, type);
                    break;
                default:
                    DecodeSingle(json, field, wireType, ref reader, type);
                    break;
            }
        }
    }

    void DecodeSingle(JsonObject json, ProtoField field, WireType wireType, ref ProtobufReader reader, ProtoMessageType owner)
    {
        Expect(field, wireType, field.WireType, owner);
        if (field.MessageType is { } messageType && ProtobufJsonCodecs.For(messageType) is null)
        {
            var bytes = reader.ReadLengthDelimited();
            var nested = schema.Message(messageType);
            if (field.Inline) DecodeInto(json, nested, bytes);
            // A message field seen twice is merged, as protobuf requires.
            else if (json[field.JsonName] is JsonObject seen) DecodeInto(seen, nested, bytes);
            else json[field.JsonName] = DecodeMessage(nested, bytes);
            return;
        }
        var value = field.Scalar is { } scalar ? ReadScalar(ref reader, scalar) : DecodeCodecValue(field.MessageType!, reader.ReadLengthDelimited());
        // Later occurrences replace earlier ones, so a zero after a value clears it.
        if (value is null || (!field.Pointer && JsonScalar.IsZero(value))) json.Remove(field.JsonName);
        else json[field.JsonName] = value;
    }

    void DecodeRepeated(JsonArray array, ProtoField field, WireType wireType, ref ProtobufReader reader, ProtoMessageType owner)
    {
        if (field.Scalar is { } scalar && scalar.WireType() != WireType.LengthDelimited && wireType == WireType.LengthDelimited)
        {
            // Packed encoding: numbers back to back in one length-delimited field.
            var packed = new ProtobufReader(reader.ReadLengthDelimited());
            while (packed.HasMore) array.Add(ReadScalar(ref packed, scalar));
            return;
        }
        Expect(field, wireType, field.WireType, owner);
        array.Add(field.Scalar is { } s ? ReadScalar(ref reader, s) : DecodeElement(field.MessageType!, reader.ReadLengthDelimited()));
    }

    (string Key, JsonNode? Value) DecodeMapEntry(ProtoField field, ReadOnlySpan<byte> entry, ProtoMessageType owner)
    {
        var key = "";
        JsonNode? value = null;
        var hasValue = false;
        var reader = new ProtobufReader(entry);
        while (reader.TryReadTag(out var number, out var wireType))
        {
            if (number == 1 && wireType == WireType.LengthDelimited) key = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            else if (number == 2)
            {
                Expect(field, wireType, field.WireType, owner);
                value = field.Scalar is { } s ? ReadScalar(ref reader, s) : DecodeElement(field.MessageType!, reader.ReadLengthDelimited());
                hasValue = true;
            }
            else reader.Skip(wireType);
        }
        // An entry without a value holds the value type's zero.
        if (!hasValue) value = field.Scalar is { } scalar ? ZeroScalar(scalar) : DecodeElement(field.MessageType!, []);
        return (key, value);
    }

    /// <summary>A message inside a list or map: always present, even when it is zero.</summary>
    JsonNode? DecodeElement(string messageType, ReadOnlySpan<byte> bytes) =>
        ProtobufJsonCodecs.For(messageType) is not null ? DecodeCodecValue(messageType, bytes) : DecodeMessage(schema.Message(messageType), bytes);

    JsonNode? DecodeCodecValue(string messageType, ReadOnlySpan<byte> bytes) => ProtobufJsonCodecs.For(messageType)!.Decode(bytes, this);

    /// <summary>The zero value of a scalar type, for map entries that leave the value out.</summary>
    static JsonNode ZeroScalar(ProtoScalarType type) => type switch
    {
        ProtoScalarType.String or ProtoScalarType.Bytes => JsonValue.Create(""),
        ProtoScalarType.Bool => JsonValue.Create(false),
        _ => JsonValue.Create(0),
    };

    static JsonNode ReadScalar(ref ProtobufReader reader, ProtoScalarType type) => type switch
    {
        ProtoScalarType.Int32 => JsonValue.Create(unchecked((int)reader.ReadVarint())),
        ProtoScalarType.Int64 => JsonValue.Create(unchecked((long)reader.ReadVarint())),
        ProtoScalarType.UInt32 => JsonValue.Create(unchecked((uint)reader.ReadVarint())),
        ProtoScalarType.UInt64 => JsonValue.Create(reader.ReadVarint()),
        ProtoScalarType.SInt32 => JsonValue.Create(unchecked((int)ZigZag(reader.ReadVarint()))),
        ProtoScalarType.SInt64 => JsonValue.Create(ZigZag(reader.ReadVarint())),
        ProtoScalarType.Bool => JsonValue.Create(reader.ReadVarint() != 0),
        ProtoScalarType.String => JsonValue.Create(Encoding.UTF8.GetString(reader.ReadLengthDelimited())),
        // Go's encoding/json writes []byte as standard base64 (Secret.data, caBundle).
        ProtoScalarType.Bytes => JsonValue.Create(Convert.ToBase64String(reader.ReadLengthDelimited())),
        ProtoScalarType.Double => JsonValue.Create(BitConverter.UInt64BitsToDouble(reader.ReadFixed64())),
        ProtoScalarType.Float => JsonValue.Create(BitConverter.UInt32BitsToSingle(reader.ReadFixed32())),
        ProtoScalarType.Fixed64 => JsonValue.Create(reader.ReadFixed64()),
        ProtoScalarType.SFixed64 => JsonValue.Create(unchecked((long)reader.ReadFixed64())),
        ProtoScalarType.Fixed32 => JsonValue.Create(reader.ReadFixed32()),
        ProtoScalarType.SFixed32 => JsonValue.Create(unchecked((int)reader.ReadFixed32())),
        _ => throw new ProtobufFormatException($"unsupported scalar type {type}"),
    };

    static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    static void Expect(ProtoField field, WireType actual, WireType expected, ProtoMessageType owner)
    {
        if (actual != expected)
            throw new ProtobufFormatException($"{owner.Name}.{field.Name}: wire type {(int)actual} where {(int)expected} was expected");
    }

    static JsonObject MapAt(JsonObject json, string name) => json[name] as JsonObject ?? (JsonObject)(json[name] = new JsonObject());

    static JsonArray ArrayAt(JsonObject json, string name) => json[name] as JsonArray ?? (JsonArray)(json[name] = new JsonArray());
}
