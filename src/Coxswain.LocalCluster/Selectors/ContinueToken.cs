using System.Buffers.Text;
using System.Text;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// The <c>continue</c> token of paginated lists, in kube-apiserver's format: unpadded base64url of
/// <c>{"v":"meta.k8s.io/v1","rv":&lt;list resourceVersion&gt;,"start":"&lt;key to resume from&gt;"}</c>.
/// Clients treat it as opaque; matching the format keeps tokens interchangeable with a real server's.
/// </summary>
public static class ContinueToken
{
    const string Version = "meta.k8s.io/v1";

    /// <summary>
    /// A token resuming the list at <paramref name="startKey"/>, served at <paramref name="resourceVersion"/>.
    /// The key is relative to the listed collection (upstream: the storage key without the resource prefix) and must
    /// be a clean relative path (no empty, "." or ".." segments), since <see cref="Decode"/> rejects anything else.
    /// </summary>
    public static string Encode(long resourceVersion, string startKey) =>
        Base64Url.EncodeToString(ContinueTokenJson.Write(Version, resourceVersion, startKey));

    /// <summary>
    /// The resource version and start key of a token. The resource version is non-zero; it may be negative, which
    /// upstream uses for tokens that continue an inconsistent list. A leading '/' of the key is dropped, as upstream.
    /// </summary>
    /// <exception cref="StatusError">400 BadRequest, <c>invalid continue token: continue key is not valid: …</c>.</exception>
    public static (long ResourceVersion, string StartKey) Decode(string token)
    {
        var data = GoBase64Url.Decode(Encoding.UTF8.GetBytes(token), out int corruptAt)
                   ?? throw Invalid($"illegal base64 data at input byte {corruptAt}");
        var content = ContinueTokenJson.Read(data, out var jsonError) ?? throw Invalid(jsonError);

        if (content.Version != Version)
            throw Invalid($"server does not recognize this encoded version {content.Version}");
        if (content.ResourceVersion == 0)
            throw Invalid($"incorrect encoded start resourceVersion (version {Version})");
        if (content.StartKey.Length == 0)
            throw Invalid($"encoded start key empty (version {Version})");

        // Upstream defends against path traversal: the key, made absolute, must already be what path.Clean makes of it.
        var key = content.StartKey.StartsWith('/') ? content.StartKey : "/" + content.StartKey;
        if (!IsCleanAbsolutePath(key)) throw Invalid(content.StartKey);
        return (content.ResourceVersion, key[1..]);
    }

    static StatusError Invalid(string detail) =>
        StatusError.BadRequest($"invalid continue token: continue key is not valid: {detail}");

    /// <summary>Whether Go's path.Clean leaves an absolute path unchanged: "/" or segments without "", "." and "..".</summary>
    static bool IsCleanAbsolutePath(string path)
    {
        if (path == "/") return true;
        foreach (var segment in path[1..].Split('/'))
            if (segment is "" or "." or "..") return false;
        return true;
    }
}
