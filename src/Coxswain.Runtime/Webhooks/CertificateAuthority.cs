using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// Issues the self-signed CA (common name <c>webhook-cert-ca</c>, as OpenKruise's) and serving certificates for the
/// webhook Service's DNS names. Keys are ECDSA P-256: as accepted by kube-apiserver as RSA, and generated in
/// microseconds, so a replica starting under load is not held up.
/// </summary>
internal static class CertificateAuthority
{
    public const string CaCommonName = "webhook-cert-ca";

    // Certificates are valid from a little before "now" so a replica or API server whose clock is slightly behind
    // accepts them at once.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>A new CA and a serving certificate for <paramref name="hosts"/> signed by it.</summary>
    public static WebhookCertificates CreateAll(IReadOnlyList<string> hosts, TimeSpan caValidity, TimeSpan validity, DateTimeOffset now)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={CaCommonName}", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var ca = request.CreateSelfSigned(now - ClockSkew, now + caValidity);
        return Issue(ca.ExportCertificatePem(), caKey.ExportPkcs8PrivateKeyPem(), hosts, validity, now);
    }

    /// <summary>A new serving certificate for <paramref name="hosts"/> from the existing CA.</summary>
    public static WebhookCertificates Issue(string caCertPem, string caKeyPem, IReadOnlyList<string> hosts, TimeSpan validity, DateTimeOffset now)
    {
        using var ca = X509Certificate2.CreateFromPem(caCertPem, caKeyPem);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hosts[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var ip))
            {
                names.AddIpAddress(ip);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        // A serving certificate may not outlive the CA that signed it.
        var notAfter = now + validity < ca.NotAfter ? now + validity : new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var cert = request.Create(ca, now - ClockSkew, notAfter, serial);
        return new WebhookCertificates(caCertPem, caKeyPem, cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// The hosts a serving certificate for Service <paramref name="service"/> in <paramref name="namespace"/> covers:
    /// <c>&lt;service&gt;.&lt;namespace&gt;.svc</c> (what kube-apiserver verifies), its cluster-local form, then the extra hosts.
    /// </summary>
    public static IReadOnlyList<string> HostsFor(string service, string @namespace, IEnumerable<string> extraHosts) =>
        [$"{service}.{@namespace}.svc", $"{service}.{@namespace}.svc.cluster.local", .. extraHosts.Where(h => !string.IsNullOrWhiteSpace(h))];

    /// <summary>Whether <paramref name="certificates"/> can keep serving: covers the hosts, and neither it nor the CA expires within <paramref name="renewBefore"/>.</summary>
    public static bool IsCurrent(WebhookCertificates certificates, IReadOnlyList<string> hosts, TimeSpan renewBefore, DateTimeOffset now)
    {
        try
        {
            using var ca = certificates.LoadCa();
            using var cert = certificates.LoadServingCertificate();
            return !NeedsRenewal(ca, renewBefore, now) && !NeedsRenewal(cert, renewBefore, now) && Covers(cert, hosts) && IsIssuedBy(cert, ca);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Whether the CA of <paramref name="certificates"/> can keep signing (so only the serving certificate is reissued).</summary>
    public static bool IsCaCurrent(WebhookCertificates certificates, TimeSpan renewBefore, DateTimeOffset now)
    {
        try
        {
            using var ca = X509Certificate2.CreateFromPem(certificates.CaCertPem, certificates.CaKeyPem);
            return !NeedsRenewal(ca, renewBefore, now);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>When a serving certificate should be replaced.</summary>
    public static DateTimeOffset RenewalTime(X509Certificate2 certificate, TimeSpan renewBefore) =>
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime()) - renewBefore;

    private static bool NeedsRenewal(X509Certificate2 certificate, TimeSpan renewBefore, DateTimeOffset now) => RenewalTime(certificate, renewBefore) <= now;

    private static bool Covers(X509Certificate2 certificate, IReadOnlyList<string> hosts)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e =>
            e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(ip => ip.ToString()))).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return hosts.All(h => names.Contains(IPAddress.TryParse(h, out var ip) ? ip.ToString() : h));
    }

    private static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(certificate);
    }
}
