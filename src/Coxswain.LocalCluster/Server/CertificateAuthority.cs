using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coxswain.LocalCluster.Server;

/// <summary>
/// A self-signed certificate authority that issues TLS serving certificates: the local API server's own
/// certificate, and later those of webhook servers (whose configurations carry this CA as <c>caBundle</c>).
/// Keys are ECDSA P-256: accepted by Go's crypto/tls (kubectl) and .NET alike, and fast to generate.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    /// <summary>
    /// Certificates start this far in the past so that a client whose clock runs slightly behind ours
    /// does not reject a certificate issued a moment ago as "not yet valid".
    /// </summary>
    static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>The CA certificate, including its private key.</summary>
    public X509Certificate2 Certificate { get; }

    CertificateAuthority(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    /// <summary>Creates a new CA with a fresh key, valid for <paramref name="validity"/> from now.</summary>
    public static CertificateAuthority Create(string commonName, TimeSpan validity, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return new CertificateAuthority(request.CreateSelfSigned(now - ClockSkewAllowance, now + validity));
    }

    /// <summary>
    /// Wraps an existing CA certificate that carries its private key.
    /// Throws <see cref="ArgumentException"/> when it is not a usable CA.
    /// </summary>
    public static CertificateAuthority FromCertificate(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"certificate {certificate.Subject} has no private key", nameof(certificate));
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            throw new ArgumentException($"certificate {certificate.Subject} is not a certificate authority", nameof(certificate));
        return new CertificateAuthority(certificate);
    }

    /// <summary>The CA certificate alone (no key) as PEM, as kubeconfig's certificate-authority-data and webhook caBundles want it.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>
    /// Issues a TLS serving certificate (with a fresh private key) for <paramref name="hostNames"/>: each
    /// entry that parses as an IP address becomes an IP SAN, every other one a DNS SAN. The validity is cut
    /// short at the CA's own expiry, since a certificate cannot outlive its issuer.
    /// The result carries an exportable key; pass it through <see cref="TlsServerCertificate.ForSslStream"/>
    /// before handing it to Kestrel.
    /// </summary>
    public X509Certificate2 IssueServingCertificate(
        string commonName, IEnumerable<string> hostNames, TimeSpan validity, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var notBefore = Max(now - ClockSkewAllowance, Certificate.NotBefore.ToUniversalTime());
        var notAfter = Min(now + validity, Certificate.NotAfter.ToUniversalTime());

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], critical: false));
        request.CertificateExtensions.Add(SubjectAlternativeNames.Build(hostNames));
        if (Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Any())
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
                Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        using var issued = request.Create(Certificate, notBefore, notAfter, NewSerialNumber());
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// True when <paramref name="certificate"/> chains to this CA and is valid at <paramref name="at"/>
    /// (signature, validity period, and the CA's constraints all checked).
    /// </summary>
    public bool HasIssued(X509Certificate2 certificate, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        // A private CA publishes no revocation lists; checking would only fail.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        return chain.Build(certificate)
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span);
    }

    public void Dispose() => Certificate.Dispose();

    /// <summary>RFC 5280 wants serials unique per CA and positive; 127 random bits are both in practice.</summary>
    static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
