using System.Security.Cryptography;
using System.Text;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// A container image reference normalized the way containerd reports it (<c>nginx</c> → <c>docker.io/library/nginx:latest</c>),
/// with a simulated content digest that is the SHA-256 of that normalized reference: the same image always has the same
/// imageID, a different tag gets a different one.
/// </summary>
public sealed record ImageReference(string Repository, string? Tag, string? Digest)
{
    const string DefaultRegistry = "docker.io";

    /// <summary>The reference as the runtime reports it in <c>containerStatuses[].image</c>.</summary>
    public string Normalized => Digest is not null ? $"{Repository}@{Digest}" : $"{Repository}:{Tag}";

    /// <summary><c>repository@sha256:…</c>, what the runtime reports in <c>containerStatuses[].imageID</c>.</summary>
    public string ImageId => $"{Repository}@{Digest ?? SimulatedDigest}";

    public string SimulatedDigest => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalized)));

    /// <summary>A believable, stable size for Pulled events, between 5 and 500 MB.</summary>
    public long SimulatedSizeBytes => 5_000_000 + (long)(BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(Normalized))) % 495_000_000);

    /// <summary>The image's name without registry and tag ("nginx"), what a process started from it is usually called.</summary>
    public string ShortName => Repository[(Repository.LastIndexOf('/') + 1)..];

    public static ImageReference Parse(string image)
    {
        var rest = image.Trim();
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }
        if (tag is null && digest is null) tag = "latest";
        return new ImageReference(Qualify(rest), tag, digest);
    }

    /// <summary>Docker's rule: the first component is a registry only if it looks like a host (has a dot or port, or is localhost).</summary>
    static string Qualify(string name)
    {
        var slash = name.IndexOf('/');
        if (slash < 0) return $"{DefaultRegistry}/library/{name}";
        var first = name[..slash];
        var isRegistry = first.Contains('.') || first.Contains(':') || first == "localhost";
        return isRegistry ? name : $"{DefaultRegistry}/{name}";
    }
}
