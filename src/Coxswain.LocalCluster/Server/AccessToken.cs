using System.Security.Cryptography;
using System.Text;

namespace Coxswain.LocalCluster.Server;

/// <summary>
/// The bearer token that grants access to the local API server, stored in <c>&lt;data-dir&gt;/token</c>
/// (0600) and reused across restarts so existing kubeconfigs stay valid. Delete the file to revoke it.
/// </summary>
public sealed class AccessToken
{
    public const string FileName = "token";

    /// <summary>The token as sent after <c>Authorization: Bearer</c>.</summary>
    public string Value { get; }

    internal AccessToken(string value)
    {
        Value = value;
    }

    /// <summary>
    /// Reads the stored token, or creates and stores a random one (256 bits, hex) when the file is missing
    /// or holds nothing usable as a bearer token.
    /// </summary>
    public static AccessToken LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is var stored && IsUsable(stored))
            return new AccessToken(stored);

        StateFiles.CreateDirectory(dataDirectory);
        var created = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        StateFiles.WriteAtomically(path, created + "\n", secret: true);
        return new AccessToken(created);
    }

    /// <summary>
    /// True when <paramref name="authorizationHeader"/> presents this token. Like kube-apiserver's bearer
    /// token authenticator the scheme is case-insensitive; the comparison takes the same time wherever the
    /// presented token first differs, so response timing does not leak the token a byte at a time.
    /// </summary>
    public bool IsPresentedIn(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var presented = authorizationHeader.AsSpan(scheme.Length).Trim();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented.ToString()), Encoding.UTF8.GetBytes(Value));
    }

    /// <summary>Never print the secret by accident (logs, exception messages, debugger displays).</summary>
    public override string ToString() => "AccessToken(redacted)";

    /// <summary>An HTTP header value needs visible ASCII without spaces; anything else in the file is not a token we wrote.</summary>
    static bool IsUsable(string token) => token.Length > 0 && token.All(c => c is > ' ' and <= '~');
}
