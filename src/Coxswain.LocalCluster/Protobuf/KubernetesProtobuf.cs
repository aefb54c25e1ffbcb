using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>
/// The <c>application/vnd.kubernetes.protobuf</c> content type: what kubectl's generator commands (create
/// deployment/configmap/secret/…, run, expose) and Go typed clients send as request bodies for built-in kinds.
/// Objects inside the server are JSON; this converts at the edge, both ways.
/// </summary>
public static class KubernetesProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    public static bool IsMediaType(string? contentType) =>
        contentType is not null && contentType.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase) &&
        (contentType.Length == MediaType.Length || contentType[MediaType.Length] is ';' or ' ');

    /// <summary>
    /// Decodes a protobuf request body into the object's JSON, apiVersion and kind included. The envelope names the
    /// type; an envelope without one is taken to be <paramref name="expected"/>'s kind. Undecodable bodies are 400s.
    /// </summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body, ResourceDefinition expected) =>
        Decode(body, expected.ApiVersion, expected.Kind);

    /// <summary>Decodes a body whose kind is not a served resource's, e.g. DeleteOptions (typed clients send it in any group version).</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body, string defaultApiVersion, string defaultKind)
    {
        try
        {
            var envelope = ProtobufEnvelope.Read(body);
            var apiVersion = envelope.ApiVersion.Length > 0 ? envelope.ApiVersion : defaultApiVersion;
            var kind = envelope.Kind.Length > 0 ? envelope.Kind : defaultKind;
            if (envelope.ContentEncoding.Length > 0)
                throw StatusError.BadRequest($"unsupported protobuf content encoding \"{envelope.ContentEncoding}\"");
            var type = ProtobufSchema.Kubernetes.MessageForKind(apiVersion, kind)
                ?? throw StatusError.BadRequest($"no kind \"{kind}\" is registered for version \"{apiVersion}\"");
            var message = new ProtobufJsonDecoder(ProtobufSchema.Kubernetes).DecodeMessage(type, envelope.Raw);
            var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
            foreach (var (name, value) in message.ToList())
            {
                message.Remove(name);
                obj[name] = value;
            }
            return obj;
        }
        catch (ProtobufFormatException e)
        {
            throw StatusError.BadRequest($"the object provided is unrecognized (must be of type {defaultKind}): {e.Message}");
        }
    }

    /// <summary>Whether objects of this apiVersion/kind can be encoded and decoded as protobuf.</summary>
    public static bool Supports(string apiVersion, string kind) => ProtobufSchema.Kubernetes.MessageForKind(apiVersion, kind) is not null;

    /// <summary>
    /// Encodes an object (with apiVersion and kind) as a protobuf body. JSON properties its message has no field for
    /// are left out and, when <paramref name="unknownFields"/> is given, listed there by path.
    /// </summary>
    public static byte[] Encode(JsonObject obj, ICollection<string>? unknownFields = null)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? "";
        var kind = (string?)obj["kind"] ?? "";
        var type = ProtobufSchema.Kubernetes.MessageForKind(apiVersion, kind)
            ?? throw new ArgumentException($"no protobuf message for {apiVersion}, Kind={kind}", nameof(obj));
        var message = new ProtobufJsonEncoder(ProtobufSchema.Kubernetes, unknownFields).EncodeObject(type, obj);
        return new ProtobufEnvelope(apiVersion, kind, message.ToArray()).ToArray();
    }
}
