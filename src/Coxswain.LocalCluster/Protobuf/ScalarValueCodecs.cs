using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>resource.Quantity: <c>string = 1</c>, its JSON the quantity's text ("500m", "1Gi").</summary>
internal sealed class QuantityCodec : IProtobufJsonCodec
{
    public JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder)
    {
        var text = "";
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == WireType.LengthDelimited) text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            else reader.Skip(wireType);
        }
        // A zero Quantity marshals as "0" in JSON.
        return JsonValue.Create(text.Length == 0 ? "0" : text);
    }

    public void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path)
    {
        // Quantities may arrive as JSON numbers (cpu: 2); their text is the quantity.
        var text = value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : JsonScalar.String(value, path);
        writer.WriteLengthDelimitedField(1, Encoding.UTF8.GetBytes(text));
    }
}

/// <summary>intstr.IntOrString: <c>type = 1</c> (0 int, 1 string), <c>intVal = 2</c>, <c>strVal = 3</c>; JSON a number or a string.</summary>
internal sealed class IntOrStringCodec : IProtobufJsonCodec
{
    const long StringType = 1;

    public JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder)
    {
        long type = 0;
        var intVal = 0;
        var strVal = "";
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.Varint): type = (long)reader.ReadVarint(); break;
                case (2, WireType.Varint): intVal = unchecked((int)reader.ReadVarint()); break;
                case (3, WireType.LengthDelimited): strVal = Encoding.UTF8.GetString(reader.ReadLengthDelimited()); break;
                default: reader.Skip(wireType); break;
            }
        }
        return type == StringType ? JsonValue.Create(strVal) : JsonValue.Create(intVal);
    }

    public void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path)
    {
        // Go writes all three fields of this value type.
        if (value.GetValueKind() == JsonValueKind.String)
        {
            writer.WriteVarintField(1, StringType);
            writer.WriteVarintField(2, 0);
            writer.WriteLengthDelimitedField(3, Encoding.UTF8.GetBytes(value.GetValue<string>()));
        }
        else
        {
            writer.WriteVarintField(1, 0);
            writer.WriteVarintField(2, unchecked((ulong)(long)JsonScalar.Int32(value, path)));
            writer.WriteLengthDelimitedField(3, []);
        }
    }
}

/// <summary>
/// metav1.Time and MicroTime: a Timestamp (<c>seconds = 1</c>, <c>nanos = 2</c>); JSON RFC 3339 in UTC.
/// A zero time is an empty message and JSON null. Time keeps whole seconds only — Go drops the nanoseconds on
/// decode "to match JSON, the original serialization format" — while MicroTime keeps microseconds.
/// </summary>
internal sealed class TimeCodec(bool micro) : IProtobufJsonCodec
{
    public JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder)
    {
        if (message.IsEmpty) return null;
        long seconds = 0;
        var nanos = 0;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.Varint): seconds = unchecked((long)reader.ReadVarint()); break;
                case (2, WireType.Varint): nanos = unchecked((int)reader.ReadVarint()); break;
                default: reader.Skip(wireType); break;
            }
        }
        DateTimeOffset time;
        try
        {
            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
            if (micro) time = time.AddTicks(nanos / 100);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ProtobufFormatException($"timestamp {seconds}s is out of range");
        }
        return JsonValue.Create(micro ? KubeTime.FormatMicro(time) : KubeTime.Format(time));
    }

    public void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path)
    {
        var text = JsonScalar.String(value, path);
        var time = KubeTime.Parse(text) ?? throw new ProtobufFormatException($"{path}: \"{text}\" is not an RFC 3339 time");
        var seconds = time.ToUnixTimeSeconds();
        writer.WriteVarintField(1, unchecked((ulong)seconds));
        writer.WriteVarintField(2, (ulong)((time.UtcTicks - DateTimeOffset.FromUnixTimeSeconds(seconds).UtcTicks) * 100));
    }
}

/// <summary>metav1.Duration: <c>duration = 1</c> in nanoseconds; JSON Go's duration text ("1m30s").</summary>
internal sealed class DurationCodec : IProtobufJsonCodec
{
    public JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder)
    {
        long nanoseconds = 0;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 1 && wireType == WireType.Varint) nanoseconds = unchecked((long)reader.ReadVarint());
            else reader.Skip(wireType);
        }
        return JsonValue.Create(GoDuration.Format(nanoseconds));
    }

    public void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path)
    {
        long nanoseconds;
        try
        {
            nanoseconds = GoDuration.Parse(JsonScalar.String(value, path));
        }
        catch (FormatException e) when (e is not ProtobufFormatException)
        {
            throw new ProtobufFormatException($"{path}: {e.Message}");
        }
        writer.WriteVarintField(1, unchecked((ulong)nanoseconds));
    }
}
