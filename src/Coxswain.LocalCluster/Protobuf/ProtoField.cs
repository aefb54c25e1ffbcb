namespace Coxswain.LocalCluster.Protobuf;

internal enum ProtoCardinality { Single, Repeated, Map }

/// <summary>
/// One field of a Kubernetes protobuf message and how it maps to the object's JSON.
/// Exactly one of <see cref="Scalar"/> and <see cref="MessageType"/> is set; for a map they describe the value
/// (Kubernetes map keys are always strings).
/// </summary>
/// <param name="Pointer">The Go field is a pointer. Go writes value fields even at their zero value, so a zero on the
/// wire only means something (and appears in JSON) for pointer fields.</param>
/// <param name="Inline">A Go struct embedded with <c>json:",inline"</c>: its fields appear in the parent's JSON.</param>
internal sealed record ProtoField(
    int Number, string Name, string JsonName, ProtoScalarType? Scalar, string? MessageType,
    ProtoCardinality Cardinality, bool Pointer, bool Inline)
{
    public WireType WireType => Scalar?.WireType() ?? WireType.LengthDelimited;
}
