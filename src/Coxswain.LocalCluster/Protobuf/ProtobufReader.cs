using System.Buffers.Binary;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>Reads protobuf wire format field by field; every malformed input surfaces as a <see cref="ProtobufFormatException"/>.</summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    readonly ReadOnlySpan<byte> data = data;
    int position;

    public readonly bool HasMore => position < data.Length;

    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (position >= data.Length)
        {
            field = 0;
            wireType = default;
            return false;
        }
        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue) throw new ProtobufFormatException($"invalid field number {tag >> 3}");
        if (wireType is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
            throw new ProtobufFormatException($"field {field} has unsupported wire type {(int)wireType}");
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= data.Length) throw new ProtobufFormatException("unexpected end of data in a varint");
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new ProtobufFormatException("varint longer than 10 bytes");
    }

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - position)) throw new ProtobufFormatException("length-delimited field runs past the end of data");
        var value = data.Slice(position, (int)length);
        position += (int)length;
        return value;
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint: ReadVarint(); break;
            case WireType.Fixed64: Take(8); break;
            case WireType.LengthDelimited: ReadLengthDelimited(); break;
            case WireType.Fixed32: Take(4); break;
        }
    }

    ReadOnlySpan<byte> Take(int count)
    {
        if (data.Length - position < count) throw new ProtobufFormatException("unexpected end of data in a fixed-width field");
        var value = data.Slice(position, count);
        position += count;
        return value;
    }
}
