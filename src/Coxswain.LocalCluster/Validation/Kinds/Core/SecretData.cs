namespace Coxswain.LocalCluster.Validation.Kinds.Core;

/// <summary>Secret data and ConfigMap binaryData travel base64-encoded; limits apply to the decoded bytes.</summary>
internal static class SecretData
{
    public static int DecodedLength(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? written : base64.Length;
    }

    public static byte[]? Decode(string? base64)
    {
        if (base64 is null) return null;
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
