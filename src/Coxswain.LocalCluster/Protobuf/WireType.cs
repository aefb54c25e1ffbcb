namespace Coxswain.LocalCluster.Protobuf;

/// <summary>The protobuf wire types (the low three bits of a field's tag) that Kubernetes messages use.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}
