namespace Coxswain.LocalCluster.Protobuf;

/// <summary>A protobuf body that does not parse, or does not fit the message it claims to be.</summary>
public sealed class ProtobufFormatException(string message) : FormatException(message);
