using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>
/// A message whose Go type writes its own JSON (Quantity as "100m", IntOrString as 80 or "http", Time as RFC 3339, …),
/// so its JSON is not an object of its fields.
/// </summary>
internal interface IProtobufJsonCodec
{
    /// <summary>The JSON of the message; null where Go writes JSON null (a zero Time, an empty RawExtension).</summary>
    JsonNode? Decode(ReadOnlySpan<byte> message, ProtobufJsonDecoder decoder);

    /// <summary>Writes the fields of the message that <paramref name="value"/> (never JSON null) is the JSON of.</summary>
    void Encode(JsonNode value, ProtobufWriter writer, ProtobufJsonEncoder encoder, string path);
}
