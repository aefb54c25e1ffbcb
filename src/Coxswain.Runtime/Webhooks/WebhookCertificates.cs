using System.Security.Cryptography.X509Certificates;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// A self-signed CA and a serving certificate it issued, as PEM text — the content of the certificate Secret (OpenKruise's
/// keys <c>ca-cert.pem</c>, <c>ca-key.pem</c>, <c>cert.pem</c>, <c>key.pem</c>, plus <c>tls.crt</c>/<c>tls.key</c>).
/// </summary>
public sealed record WebhookCertificates(string CaCertPem, string CaKeyPem, string CertPem, string KeyPem)
{
    /// <summary>The Secret data keys, OpenKruise's names.</summary>
    public static class Keys
    {
        public const string CaCert = "ca-cert.pem";
        public const string CaKey = "ca-key.pem";
        public const string Cert = "cert.pem";
        public const string Key = "key.pem";
        public const string TlsCert = "tls.crt";
        public const string TlsKey = "tls.key";
    }

    /// <summary>The certificates held in <paramref name="data"/>, or null when any is missing.</summary>
    public static WebhookCertificates? FromSecretData(IDictionary<string, byte[]>? data)
    {
        string? Text(string key) => data is not null && data.TryGetValue(key, out var bytes) && bytes.Length > 0 ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        return Text(Keys.CaCert) is { } caCert && Text(Keys.CaKey) is { } caKey && Text(Keys.Cert) is { } cert && Text(Keys.Key) is { } key
            ? new WebhookCertificates(caCert, caKey, cert, key)
            : null;
    }

    public Dictionary<string, byte[]> ToSecretData()
    {
        static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
        return new Dictionary<string, byte[]>
        {
            [Keys.CaCert] = Bytes(CaCertPem),
            [Keys.CaKey] = Bytes(CaKeyPem),
            [Keys.Cert] = Bytes(CertPem),
            [Keys.Key] = Bytes(KeyPem),
            [Keys.TlsCert] = Bytes(CertPem),
            [Keys.TlsKey] = Bytes(KeyPem),
        };
    }

    /// <summary>The serving certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 LoadServingCertificate() => X509Certificate2.CreateFromPem(CertPem, KeyPem);

    /// <summary>The CA certificate (without key).</summary>
    public X509Certificate2 LoadCa() => X509Certificate2.CreateFromPem(CaCertPem);
}
