using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// Verifies a webhook server's certificate the way Go's crypto/tls does for kube-apiserver: validity period, then the
/// host name (the URL's host, <c>{service}.{namespace}.svc</c> for services, whatever address was dialled), then the chain
/// up to the webhook's caBundle (or the system roots when it has none). The last failure is kept in Go's words, since
/// .NET only reports that the callback said no.
/// </summary>
internal sealed class CaBundleTrust
{
    static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    readonly X509Certificate2Collection? roots;
    volatile string? lastFailure;
    long rejections;

    CaBundleTrust(X509Certificate2Collection? roots) => this.roots = roots;

    /// <exception cref="FormatException">The bundle holds no PEM certificate (kube-apiserver's client construction error).</exception>
    public static CaBundleTrust Create(byte[]? caBundle)
    {
        if (caBundle is not { Length: > 0 }) return new CaBundleTrust(null);
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(System.Text.Encoding.UTF8.GetString(caBundle));
        }
        catch (CryptographicException)
        {
            roots.Clear();
        }
        if (roots.Count == 0) throw new FormatException("unable to load root certificates: unable to parse bytes as PEM block");
        return new CaBundleTrust(roots);
    }

    /// <summary>Why the last handshake was refused, as Go's TLS client words it.</summary>
    public string LastFailure => lastFailure ?? "tls: failed to verify certificate: x509: certificate signed by unknown authority";

    /// <summary>How many certificates were refused so far: tells a handshake this side refused from one the server broke off.</summary>
    public long Rejections => Interlocked.Read(ref rejections);

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null) return Fail("tls: server did not provide a certificate");
        using var owned = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var leaf = owned ?? (X509Certificate2)certificate;

        var now = DateTime.UtcNow;
        var notBefore = leaf.NotBefore.ToUniversalTime();
        var notAfter = leaf.NotAfter.ToUniversalTime();
        if (now < notBefore || now > notAfter)
            return Fail("x509: certificate has expired or is not yet valid: current time " +
                        (now > notAfter ? $"{GoTime(now)} is after {GoTime(notAfter)}" : $"{GoTime(now)} is before {GoTime(notBefore)}"));

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Fail(HostnameError(leaf, (sender as SslStream)?.TargetHostName ?? ""));

        if (roots is null)
            return !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) || Fail("x509: certificate signed by unknown authority");

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // private CAs publish no revocation lists
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (chain.Build(leaf)) return true;
        return Fail(chain.ChainStatus.Any(s => s.Status == X509ChainStatusFlags.NotValidForUsage)
            ? "x509: certificate specifies an incompatible key usage"
            : "x509: certificate signed by unknown authority");
    }

    bool Fail(string x509Error)
    {
        lastFailure = x509Error.StartsWith("tls:", StringComparison.Ordinal) ? x509Error : $"tls: failed to verify certificate: {x509Error}";
        Interlocked.Increment(ref rejections);
        return false;
    }

    /// <summary>crypto/x509's HostnameError text: the names the certificate is valid for (IP SANs when an IP was dialled).</summary>
    static string HostnameError(X509Certificate2 certificate, string host)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        string valid;
        if (IPAddress.TryParse(host, out _))
        {
            var ips = san?.EnumerateIPAddresses().Select(ip => ip.ToString()).ToList() ?? [];
            if (ips.Count == 0) return $"x509: cannot validate certificate for {host} because it doesn't contain any IP SANs";
            valid = string.Join(", ", ips);
        }
        else
        {
            valid = string.Join(", ", san?.EnumerateDnsNames() ?? []);
        }
        return valid.Length == 0
            ? $"x509: certificate is not valid for any names, but wanted to match {host}"
            : $"x509: certificate is valid for {valid}, not {host}";
    }

    static string GoTime(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
