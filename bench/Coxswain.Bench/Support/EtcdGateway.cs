using System.Text;

namespace Coxswain.Bench.Support;

/// <summary>
/// Requests for etcd's gRPC-gateway (HTTP/JSON, keys and values base64 in JSON), which etcd 3.4 serves under <c>/v3/</c>
/// on its client port. It spares the benchmark a gRPC stack; the gateway adds its own JSON/base64 hop inside etcd, which
/// the report notes.
/// </summary>
public static class EtcdGateway
{
    /// <summary>Each watch event carries one key-value: counting this marker counts events.</summary>
    public static readonly byte[] WatchEventMarker = "\"kv\":"u8.ToArray();

    public static HttpRequestMessage Put(string key, ReadOnlySpan<byte> value) => Json("/v3/kv/put",
        $$"""{"key":"{{Base64(key)}}","value":"{{Convert.ToBase64String(value)}}"}""");

    /// <summary>A watch on every key under <paramref name="prefix"/> (range_end is the prefix with its last byte incremented).</summary>
    public static HttpRequestMessage WatchPrefix(string prefix)
    {
        var end = Encoding.UTF8.GetBytes(prefix);
        end[^1]++;
        return Json("/v3/watch", $$$"""{"create_request":{"key":"{{{Base64(prefix)}}}","range_end":"{{{Convert.ToBase64String(end)}}}"}}""");
    }

    static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    static HttpRequestMessage Json(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
