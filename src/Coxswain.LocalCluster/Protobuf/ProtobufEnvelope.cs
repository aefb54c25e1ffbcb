using System.Text;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>
/// How Kubernetes frames a protobuf object: the 4-byte magic <c>k8s\0</c>, then a runtime.Unknown message
/// (<c>typeMeta = 1</c> {apiVersion = 1, kind = 2}, <c>raw = 2</c> the object's own message,
/// <c>contentEncoding = 3</c>, <c>contentType = 4</c>). The object's message carries no apiVersion/kind of its own.
/// </summary>
internal sealed record ProtobufEnvelope(string ApiVersion, string Kind, byte[] Raw, string ContentEncoding = "", string ContentType = "")
{
    public static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static ProtobufEnvelope Read(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith(Magic))
            throw new ProtobufFormatException($"provided data does not appear to be a protobuf message, expected prefix [{string.Join(" ", Magic.ToArray())}]");
        string apiVersion = "", kind = "", contentEncoding = "", contentType = "";
        byte[] raw = [];
        var reader = new ProtobufReader(data[Magic.Length..]);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (wireType != WireType.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }
            var value = reader.ReadLengthDelimited();
            switch (field)
            {
                case 1:
                    var typeMeta = new ProtobufReader(value);
                    while (typeMeta.TryReadTag(out var f, out var w))
                    {
                        if (w != WireType.LengthDelimited) typeMeta.Skip(w);
                        else if (f == 1) apiVersion = Encoding.UTF8.GetString(typeMeta.ReadLengthDelimited());
                        else if (f == 2) kind = Encoding.UTF8.GetString(typeMeta.ReadLengthDelimited());
                        else typeMeta.Skip(w);
                    }
                    break;
                case 2: raw = value.ToArray(); break;
                case 3: contentEncoding = Encoding.UTF8.GetString(value); break;
                case 4: contentType = Encoding.UTF8.GetString(value); break;
            }
        }
        return new ProtobufEnvelope(apiVersion, kind, raw, contentEncoding, contentType);
    }

    public byte[] ToArray()
    {
        var typeMeta = new ProtobufWriter();
        typeMeta.WriteLengthDelimitedField(1, Encoding.UTF8.GetBytes(ApiVersion));
        typeMeta.WriteLengthDelimitedField(2, Encoding.UTF8.GetBytes(Kind));
        var unknown = new ProtobufWriter();
        unknown.WriteMessage(1, typeMeta);
        unknown.WriteLengthDelimitedField(2, Raw);
        unknown.WriteLengthDelimitedField(3, Encoding.UTF8.GetBytes(ContentEncoding));
        unknown.WriteLengthDelimitedField(4, Encoding.UTF8.GetBytes(ContentType));
        return [.. Magic, .. unknown.WrittenSpan];
    }
}
