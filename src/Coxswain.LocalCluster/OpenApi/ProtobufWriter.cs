using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// A minimal protocol-buffers wire-format writer (proto3 rules: scalar fields at their default value are omitted).
/// Nested messages are written into their own writer first, then copied in with their length prefix.
/// </summary>
internal sealed class ProtobufWriter
{
    const int VarintWireType = 0;
    const int Fixed64WireType = 1;
    const int LengthDelimitedWireType = 2;
    const int Fixed32WireType = 5;

    readonly ArrayBufferWriter<byte> buffer = new();

    public ReadOnlySpan<byte> WrittenSpan => buffer.WrittenSpan;

    public void WriteString(int field, string value)
    {
        if (value.Length == 0) return;
        WriteTag(field, LengthDelimitedWireType);
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    public void WriteBool(int field, bool value)
    {
        if (!value) return;
        WriteTag(field, VarintWireType);
        WriteVarint(1);
    }

    public void WriteInt64(int field, long value)
    {
        if (value == 0) return;
        WriteTag(field, VarintWireType);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteDouble(int field, double value)
    {
        if (value == 0) return;
        WriteTag(field, Fixed64WireType);
        BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    /// <summary>Writes a sub-message; unlike scalars it is written even when empty, because its presence is meaningful.</summary>
    public void WriteMessage(int field, ProtobufWriter message)
    {
        WriteTag(field, LengthDelimitedWireType);
        WriteVarint((ulong)message.WrittenSpan.Length);
        buffer.Write(message.WrittenSpan);
    }

    /// <summary>Builds a sub-message with <paramref name="build"/> and writes it as <paramref name="field"/>.</summary>
    public void WriteMessage(int field, Action<ProtobufWriter> build)
    {
        var message = new ProtobufWriter();
        build(message);
        WriteMessage(field, message);
    }

    /// <summary>Writes a varint field even when it is zero: Kubernetes messages are proto2, where Go writes every value field.</summary>
    public void WriteVarintField(int field, ulong value)
    {
        WriteTag(field, VarintWireType);
        WriteVarint(value);
    }

    /// <summary>Writes a length-delimited field (string, bytes) even when it is empty.</summary>
    public void WriteLengthDelimitedField(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimitedWireType);
        WriteVarint((ulong)value.Length);
        buffer.Write(value);
    }

    public void WriteFixed64Field(int field, ulong value)
    {
        WriteTag(field, Fixed64WireType);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void WriteFixed32Field(int field, uint value)
    {
        WriteTag(field, Fixed32WireType);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    void WriteVarint(ulong value)
    {
        var span = buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        buffer.Advance(i);
    }
}
