using System.Security.Cryptography.X509Certificates;
using Coxswain.Runtime.Webhooks;

namespace Coxswain.Runtime.Tests.Webhooks;

public class CertificateAuthorityTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly IReadOnlyList<string> Hosts = CertificateAuthority.HostsFor("kruise-webhook-service", "kruise-system", ["webhook.example.com", "10.0.0.7"]);

    [Fact]
    public void The_serving_certificate_covers_the_service_names_and_extra_hosts_and_chains_to_the_ca()
    {
        var certificates = CertificateAuthority.CreateAll(Hosts, TimeSpan.FromDays(3650), TimeSpan.FromDays(365), Now);

        using var cert = certificates.LoadServingCertificate();
        using var ca = certificates.LoadCa();
        Assert.True(cert.HasPrivateKey);
        Assert.Equal("CN=webhook-cert-ca", ca.Subject);
        var names = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(
            ["kruise-webhook-service.kruise-system.svc", "kruise-webhook-service.kruise-system.svc.cluster.local", "webhook.example.com"],
            names.EnumerateDnsNames());
        Assert.Equal(["10.0.0.7"], names.EnumerateIPAddresses().Select(ip => ip.ToString()));
        Assert.True(CertificateAuthority.IsCurrent(certificates, Hosts, TimeSpan.FromDays(180), Now));
    }

    [Fact]
    public void Certificates_are_due_when_within_renew_before_or_missing_a_host_and_the_ca_is_kept_while_it_is_good()
    {
        var certificates = CertificateAuthority.CreateAll(Hosts, TimeSpan.FromDays(3650), TimeSpan.FromDays(365), Now);

        Assert.False(CertificateAuthority.IsCurrent(certificates, Hosts, TimeSpan.FromDays(180), Now + TimeSpan.FromDays(186)));
        Assert.False(CertificateAuthority.IsCurrent(certificates, [.. Hosts, "other.example.com"], TimeSpan.FromDays(180), Now));
        Assert.True(CertificateAuthority.IsCaCurrent(certificates, TimeSpan.FromDays(180), Now + TimeSpan.FromDays(186)));

        var reissued = CertificateAuthority.Issue(certificates.CaCertPem, certificates.CaKeyPem, Hosts, TimeSpan.FromDays(365), Now + TimeSpan.FromDays(186));
        Assert.Equal(certificates.CaCertPem, reissued.CaCertPem);
        Assert.NotEqual(certificates.CertPem, reissued.CertPem);
        Assert.True(CertificateAuthority.IsCurrent(reissued, Hosts, TimeSpan.FromDays(180), Now + TimeSpan.FromDays(186)));
    }

    [Fact]
    public void A_serving_certificate_never_outlives_its_ca()
    {
        var certificates = CertificateAuthority.CreateAll(Hosts, TimeSpan.FromDays(30), TimeSpan.FromDays(365), Now);

        using var cert = certificates.LoadServingCertificate();
        using var ca = certificates.LoadCa();
        Assert.True(cert.NotAfter <= ca.NotAfter);
    }

    [Fact]
    public void Secret_data_round_trips_with_openkruise_key_names()
    {
        var certificates = CertificateAuthority.CreateAll(Hosts, TimeSpan.FromDays(3650), TimeSpan.FromDays(365), Now);

        var data = certificates.ToSecretData();

        Assert.Equal(["ca-cert.pem", "ca-key.pem", "cert.pem", "key.pem", "tls.crt", "tls.key"], data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(certificates, WebhookCertificates.FromSecretData(data));
        Assert.Null(WebhookCertificates.FromSecretData(new Dictionary<string, byte[]> { ["tls.crt"] = [1] }));
    }
}
