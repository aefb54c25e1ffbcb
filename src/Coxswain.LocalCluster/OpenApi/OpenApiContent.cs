using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// One served document: its bytes and its entity tag, the upper-case hex SHA-512 of the bytes as kube-openapi
/// computes it. The tag is unquoted: put <see cref="QuotedETag"/> in the <c>ETag</c> header and
/// <see cref="ETag"/> in <c>?hash=</c> URLs.
/// </summary>
public sealed record OpenApiContent(byte[] Bytes, string ETag)
{
    static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string QuotedETag => $"\"{ETag}\"";

    public static OpenApiContent FromBytes(byte[] bytes) => new(bytes, Convert.ToHexString(SHA512.HashData(bytes)));

    public static OpenApiContent FromJson(JsonNode json) => FromBytes(JsonSerializer.SerializeToUtf8Bytes(json, Compact));
}
