using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Coxswain.LocalCluster.Server;

/// <summary>
/// The local cluster's PKI, kept in <c>&lt;data-dir&gt;/pki/</c> like kubeadm's /etc/kubernetes/pki:
/// a self-signed CA (<c>ca.crt</c>, <c>ca.key</c>) and the API server's serving certificate signed by it
/// (<c>apiserver.crt</c>, <c>apiserver.key</c>). Both survive restarts so kubeconfigs handed out earlier
/// keep working; each is replaced when missing, unreadable or about to expire.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    public static readonly TimeSpan AuthorityValidity = TimeSpan.FromDays(3650);
    public static readonly TimeSpan ServingCertificateValidity = TimeSpan.FromDays(365);

    /// <summary>A certificate this close to expiry is replaced at startup rather than left to lapse while serving.</summary>
    public static readonly TimeSpan RenewalWindow = TimeSpan.FromDays(30);

    /// <summary>
    /// Names the API server is reached by: loopback, plus the in-cluster names of the <c>kubernetes</c>
    /// Service, which clients configured from in-cluster conventions verify against.
    /// </summary>
    public static IReadOnlyList<string> DefaultHostNames { get; } =
    [
        "localhost", "127.0.0.1", "::1",
        "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
    ];

    public CertificateAuthority Authority { get; }

    /// <summary>The API server's certificate with its private key, ready for Kestrel.</summary>
    public X509Certificate2 ServingCertificate { get; }

    /// <summary>The CA certificate as PEM: kubeconfig's certificate-authority-data.</summary>
    public string AuthorityPem => Authority.CertificatePem;

    ClusterCertificates(CertificateAuthority authority, X509Certificate2 servingCertificate)
    {
        Authority = authority;
        ServingCertificate = servingCertificate;
    }

    /// <summary>
    /// Loads the PKI from <c>&lt;dataDirectory&gt;/pki/</c>, creating or renewing what is needed. The serving
    /// certificate covers <see cref="DefaultHostNames"/> plus <paramref name="additionalHostNames"/> (the
    /// bind address, typically); a stored one that lacks any of them is reissued. A new CA is created only
    /// when the stored one is unusable, since replacing it invalidates every kubeconfig and caBundle handed out.
    /// </summary>
    public static ClusterCertificates LoadOrCreate(
        string dataDirectory, IEnumerable<string>? additionalHostNames = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var now = time.GetUtcNow();
        var pkiDirectory = Path.Combine(dataDirectory, "pki");
        StateFiles.CreateDirectory(dataDirectory);
        StateFiles.CreateDirectory(pkiDirectory);

        var authorityFiles = PemCertificateFiles.In(pkiDirectory, "ca");
        var authority = LoadAuthority(authorityFiles, now);
        if (authority is null)
        {
            authority = CertificateAuthority.Create("coxswain-ca", AuthorityValidity, time);
            authorityFiles.Save(authority.Certificate);
        }

        var hostNames = DefaultHostNames.Concat((additionalHostNames ?? []).Where(IsConnectable)).ToList();
        var servingFiles = PemCertificateFiles.In(pkiDirectory, "apiserver");
        var serving = servingFiles.TryLoad();
        if (serving is null || !IsFresh(serving, now) || !authority.HasIssued(serving, now)
            || !SubjectAlternativeNames.Cover(serving, hostNames))
        {
            serving?.Dispose();
            serving = authority.IssueServingCertificate("coxswain-apiserver", hostNames, ServingCertificateValidity, time);
            servingFiles.Save(serving);
        }

        using (serving)
            return new ClusterCertificates(authority, TlsServerCertificate.ForSslStream(serving));
    }

    public void Dispose()
    {
        ServingCertificate.Dispose();
        Authority.Dispose();
    }

    static CertificateAuthority? LoadAuthority(PemCertificateFiles files, DateTimeOffset now)
    {
        var certificate = files.TryLoad();
        if (certificate is null) return null;
        try
        {
            if (IsFresh(certificate, now)) return CertificateAuthority.FromCertificate(certificate);
        }
        catch (ArgumentException)
        {
            // Not a CA (or no key): fall through and replace it.
        }
        certificate.Dispose();
        return null;
    }

    static bool IsFresh(X509Certificate2 certificate, DateTimeOffset now) =>
        certificate.NotBefore.ToUniversalTime() <= now.UtcDateTime
        && certificate.NotAfter.ToUniversalTime() > (now + RenewalWindow).UtcDateTime;

    /// <summary>A wildcard bind address (0.0.0.0, ::) is where the server listens, not an address clients dial.</summary>
    static bool IsConnectable(string hostName) =>
        !(IPAddress.TryParse(hostName, out var address)
          && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)));
}
