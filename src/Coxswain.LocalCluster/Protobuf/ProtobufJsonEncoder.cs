using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>
/// Encodes an object's JSON as its Kubernetes protobuf message: the inverse of <see cref="ProtobufJsonDecoder"/>.
/// Every property present is written, zeros included (a JSON zero only exists for pointer fields or where Go writes
/// it anyway), fields in field-number order and map entries sorted by key, as Go's generated marshallers do.
/// JSON properties the message has no field for are not written; their paths are added to <paramref name="unknownFields"/>.
/// </summary>
internal sealed class ProtobufJsonEncoder(ProtobufSchema schema, ICollection<string>? unknownFields = null)
{
    public ProtobufSchema Schema => schema;

    /// <summary>Encodes a message; JSON null encodes as the empty message.</summary>
    public ProtobufWriter EncodeMessage(ProtoMessageType type, JsonNode? json, string path)
    {
        var writer = new ProtobufWriter();
        if (json is null) return writer;
        if (json is not JsonObject obj) throw JsonScalar.Mismatch(json, "object", path);
        WriteFields(writer, type, obj, path);
        ReportUnknown(type, obj, path, ignore: null);
        return writer;
    }

    /// <summary>Encodes a top-level object, whose apiVersion and kind travel in the envelope rather than the message.</summary>
    public ProtobufWriter EncodeObject(ProtoMessageType type, JsonObject obj)
    {
        var writer = new ProtobufWriter();
        WriteFields(writer, type, obj, "");
        ReportUnknown(type, obj, "", ignore: ["apiVersion", "kind"]);
        return writer;
    }

    void WriteFields(ProtobufWriter writer, ProtoMessageType type, JsonObject obj, string path)
    {
        foreach (var field in type.Fields)
        {
            if (field.Inline)
            {
                // The embedded struct's fields sit in this object; write it when any of them is set.
                var inline = schema.Message(field.MessageType!);
                if (!obj.Any(p => p.Value is not null && Knows(inline, p.Key))) continue;
                var nested = new ProtobufWriter();
                WriteFields(nested, inline, obj, path);
                writer.WriteMessage(field.Number, nested);
                continue;
            }
            if (obj[field.JsonName] is not { } value) continue;
            var at = $"{path}.{field.JsonName}";
            switch (field.Cardinality)
            {
                case ProtoCardinality.Map:
                    if (value is not JsonObject map) throw JsonScalar.Mismatch(value, "object", at);
                    foreach (var (key, entryValue) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        var entry = new ProtobufWriter();
                        entry.WriteLengthDelimitedField(1, Encoding.UTF8.GetBytes(key));
                        if (entryValue is not null) WriteValue(entry, 2, field, entryValue, $"{at}.{key}");
                        writer.WriteMessage(field.Number, entry);
                    }
                    break;
                case ProtoCardinality.Repeated:
                    if (value is not JsonArray items) throw JsonScalar.Mismatch(value, "array", at);
                    for (var i = 0; i < items.Count; i++) WriteValue(writer, field.Number, field, items[i], $"{at}[{i}]");
                    break;
                default:
                    WriteValue(writer, field.Number, field, value, at);
                    break;
            }
        }
    }

    void WriteValue(ProtobufWriter writer, int number, ProtoField field, JsonNode? value, string path)
    {
        if (field.Scalar is { } scalar)
        {
            WriteScalar(writer, number, scalar, value ?? throw new ProtobufFormatException($"{path}: null in a list of {scalar}"), path);
            return;
        }
        var messageType = field.MessageType!;
        if (ProtobufJsonCodecs.For(messageType) is { } codec)
        {
            var nested = new ProtobufWriter();
            if (value is not null) codec.Encode(value, nested, this, path);
            writer.WriteMessage(number, nested);
            return;
        }
        writer.WriteMessage(number, EncodeMessage(schema.Message(messageType), value, path));
    }

    static void WriteScalar(ProtobufWriter writer, int number, ProtoScalarType type, JsonNode value, string path)
    {
        switch (type)
        {
            case ProtoScalarType.String:
                writer.WriteLengthDelimitedField(number, Encoding.UTF8.GetBytes(JsonScalar.String(value, path)));
                break;
            case ProtoScalarType.Bytes:
                byte[] bytes;
                try { bytes = Convert.FromBase64String(JsonScalar.String(value, path)); }
                catch (FormatException) { throw new ProtobufFormatException($"{path}: not valid base64"); }
                writer.WriteLengthDelimitedField(number, bytes);
                break;
            case ProtoScalarType.Bool:
                writer.WriteVarintField(number, JsonScalar.Bool(value, path) ? 1UL : 0UL);
                break;
            case ProtoScalarType.Int32:
                // Negative int32s are sign-extended to ten bytes, as protobuf specifies.
                writer.WriteVarintField(number, unchecked((ulong)(long)JsonScalar.Int32(value, path)));
                break;
            case ProtoScalarType.Int64:
                writer.WriteVarintField(number, unchecked((ulong)JsonScalar.Int64(value, path)));
                break;
            case ProtoScalarType.UInt32:
                var u = JsonScalar.UInt64(value, path);
                writer.WriteVarintField(number, u <= uint.MaxValue ? u : throw new ProtobufFormatException($"{path}: {u} is out of range for uint32"));
                break;
            case ProtoScalarType.UInt64:
                writer.WriteVarintField(number, JsonScalar.UInt64(value, path));
                break;
            case ProtoScalarType.SInt32 or ProtoScalarType.SInt64:
                var signed = JsonScalar.Int64(value, path);
                writer.WriteVarintField(number, unchecked((ulong)((signed << 1) ^ (signed >> 63))));
                break;
            case ProtoScalarType.Double:
                writer.WriteFixed64Field(number, BitConverter.DoubleToUInt64Bits(JsonScalar.Double(value, path)));
                break;
            case ProtoScalarType.Float:
                writer.WriteFixed32Field(number, BitConverter.SingleToUInt32Bits((float)JsonScalar.Double(value, path)));
                break;
            case ProtoScalarType.Fixed64 or ProtoScalarType.SFixed64:
                writer.WriteFixed64Field(number, unchecked((ulong)JsonScalar.Int64(value, path)));
                break;
            case ProtoScalarType.Fixed32 or ProtoScalarType.SFixed32:
                writer.WriteFixed32Field(number, unchecked((uint)JsonScalar.Int32(value, path)));
                break;
        }
    }

    /// <summary>Whether a JSON property belongs to <paramref name="type"/>, directly or through an inline struct.</summary>
    bool Knows(ProtoMessageType type, string jsonName) =>
        type.FieldByJsonName(jsonName) is not null ||
        type.Fields.Any(f => f.Inline && Knows(schema.Message(f.MessageType!), jsonName));

    void ReportUnknown(ProtoMessageType type, JsonObject obj, string path, string[]? ignore)
    {
        if (unknownFields is null) return;
        foreach (var (key, _) in obj)
            if (!Knows(type, key) && (ignore is null || !ignore.Contains(key))) unknownFields.Add($"{path}.{key}");
    }
}
