using System.Security.Cryptography.X509Certificates;

namespace Coxswain.LocalCluster.Server;

/// <summary>Prepares a certificate with a private key for use by a TLS server (Kestrel / SslStream).</summary>
public static class TlsServerCertificate
{
    /// <summary>
    /// Returns a copy of <paramref name="certificate"/> whose private key SslStream can use on every platform.
    /// Certificates assembled in memory (CopyWithPrivateKey, CreateFromPem) hold an ephemeral key, which
    /// Windows' TLS stack (SChannel) cannot use, although OpenSSL on Linux can; a round trip through PKCS#12
    /// gives the key a form every platform's TLS stack accepts, for about a millisecond.
    /// </summary>
    public static X509Certificate2 ForSslStream(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"certificate {certificate.Subject} has no private key", nameof(certificate));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}
