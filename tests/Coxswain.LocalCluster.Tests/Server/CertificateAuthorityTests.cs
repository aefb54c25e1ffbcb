using System.Net;
using System.Security.Cryptography.X509Certificates;
using Coxswain.LocalCluster.Server;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Server;

public class CertificateAuthorityTests
{
    static readonly TimeSpan OneYear = TimeSpan.FromDays(365);

    [Fact]
    public void IssuedCertificateChainsToItsAuthorityAndNoOther()
    {
        using var authority = CertificateAuthority.Create("test-ca", OneYear);
        using var stranger = CertificateAuthority.Create("other-ca", OneYear);
        using var issued = authority.IssueServingCertificate("webhook", ["webhook.system.svc"], TimeSpan.FromDays(30));

        Assert.True(authority.HasIssued(issued, DateTimeOffset.UtcNow));
        Assert.False(stranger.HasIssued(issued, DateTimeOffset.UtcNow));
        Assert.Equal(authority.Certificate.SubjectName.Name, issued.IssuerName.Name);
        Assert.True(issued.HasPrivateKey);
    }

    [Fact]
    public void AuthorityIsACaAndIssuedCertificateIsALeafForServerAuthentication()
    {
        using var authority = CertificateAuthority.Create("test-ca", OneYear);
        using var issued = authority.IssueServingCertificate("webhook", ["webhook.system.svc"], OneYear);

        var caConstraints = authority.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(caConstraints.CertificateAuthority);
        Assert.True(authority.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));

        Assert.False(issued.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var purposes = issued.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], purposes.Cast<System.Security.Cryptography.Oid>().Select(oid => oid.Value));
        // Go's verifier wants the issuer's key id linked when present; check the AKI names the CA's SKI.
        var authorityKeyId = issued.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier;
        var subjectKeyId = authority.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes;
        Assert.Equal(subjectKeyId.ToArray(), authorityKeyId!.Value.ToArray());
    }

    [Fact]
    public void IssuedCertificateCannotOutliveItsAuthority()
    {
        using var authority = CertificateAuthority.Create("short-lived-ca", TimeSpan.FromDays(100));
        using var issued = authority.IssueServingCertificate("server", ["localhost"], OneYear);

        Assert.Equal(authority.Certificate.NotAfter, issued.NotAfter);
        Assert.True(authority.HasIssued(issued, DateTimeOffset.UtcNow.AddDays(99)));
    }

    [Fact]
    public void IssuedCertificateIsNotValidOutsideItsValidity()
    {
        var time = new FixedTime(DateTimeOffset.UtcNow);
        using var authority = CertificateAuthority.Create("test-ca", OneYear * 10, time);
        using var issued = authority.IssueServingCertificate("server", ["localhost"], TimeSpan.FromDays(10), time);

        Assert.True(authority.HasIssued(issued, time.GetUtcNow().AddDays(9)));
        Assert.False(authority.HasIssued(issued, time.GetUtcNow().AddDays(11)));
    }

    [Fact]
    public void AllDigitHostNamesStayDnsNames()
    {
        // IPAddress.TryParse("1234") succeeds (inet_aton shorthand for 0.0.4.210); it must not become an IP SAN.
        using var authority = CertificateAuthority.Create("test-ca", OneYear);
        using var issued = authority.IssueServingCertificate("server", ["1234", "10.0.0.1", "::1"], OneYear);

        var names = issued.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["1234"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.1"), IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
    }

    static readonly Gen<string> DnsLabel =
        Gen.Choose(1, 12).SelectMany(length => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()), length))
            .Select(chars => new string(chars));

    static readonly Gen<string> DnsName = Gen.Choose(1, 4).SelectMany(labels => Gen.ArrayOf(DnsLabel, labels))
        .Select(labels => string.Join('.', labels))
        .Where(name => !IPAddress.TryParse(name, out _) || name.Any(char.IsLetter));

    static readonly Gen<IPAddress> Address = Gen.OneOf(
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 4).Select(bytes => new IPAddress(bytes)),
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16).Select(bytes => new IPAddress(bytes)));

    static readonly CertificateAuthority SharedAuthority = CertificateAuthority.Create("test-ca", OneYear);

    [Property(MaxTest = 30)]
    public Property HostNamesBecomeDnsOrIpSubjectAlternativeNames() => Prop.ForAll(
        Gen.ListOf(DnsName).Zip(Gen.ListOf(Address)).Where(pair => pair.Item1.Count + pair.Item2.Count > 0).ToArbitrary(),
        pair =>
        {
            var (dnsNames, addresses) = pair;
            var hostNames = dnsNames.Concat(addresses.Select(address => address.ToString())).OrderBy(_ => Random.Shared.Next());
            using var issued = SharedAuthority.IssueServingCertificate("server", hostNames, OneYear);

            var names = issued.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Equal(dnsNames.Distinct().Order(), names.EnumerateDnsNames().Order());
            Assert.Equal(addresses.Distinct().Select(a => a.ToString()).Order(), names.EnumerateIPAddresses().Select(a => a.ToString()).Order());
        });
}
