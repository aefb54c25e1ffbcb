namespace Coxswain.LocalCluster.Protobuf;

/// <summary>The protobuf scalar types, named as .proto files spell them.</summary>
internal enum ProtoScalarType
{
    Double, Float, Int64, UInt64, Int32, Fixed64, Fixed32, Bool, String, Bytes, UInt32, SFixed32, SFixed64, SInt32, SInt64,
}

internal static class ProtoScalarTypes
{
    public static bool TryParse(string protoName, out ProtoScalarType type) => Enum.TryParse(protoName, ignoreCase: true, out type);

    public static WireType WireType(this ProtoScalarType type) => type switch
    {
        ProtoScalarType.Double or ProtoScalarType.Fixed64 or ProtoScalarType.SFixed64 => Protobuf.WireType.Fixed64,
        ProtoScalarType.Float or ProtoScalarType.Fixed32 or ProtoScalarType.SFixed32 => Protobuf.WireType.Fixed32,
        ProtoScalarType.String or ProtoScalarType.Bytes => Protobuf.WireType.LengthDelimited,
        _ => Protobuf.WireType.Varint,
    };
}
