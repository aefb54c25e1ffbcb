using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Coxswain.LocalCluster.Server;

namespace Coxswain.LocalCluster.Tests.Server;

public class ClusterCertificatesTests : IDisposable
{
    readonly TemporaryDirectory _dataDirectory = new();
    readonly FixedTime _start = new(DateTimeOffset.UtcNow);

    public void Dispose() => _dataDirectory.Dispose();

    ClusterCertificates LoadOrCreate(TimeProvider time, params string[] additionalHostNames) =>
        ClusterCertificates.LoadOrCreate(_dataDirectory.Path, additionalHostNames, time);

    [Fact]
    public void StoresPemFilesWithOwnerOnlyKeys()
    {
        using var certificates = LoadOrCreate(_start);

        foreach (var name in new[] { "ca.crt", "ca.key", "apiserver.crt", "apiserver.key" })
            Assert.True(File.Exists(_dataDirectory.File("pki", name)), name);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(_dataDirectory.File("pki", "ca.crt")));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(_dataDirectory.File("pki", "apiserver.key")));
        Assert.Equal(certificates.AuthorityPem, File.ReadAllText(_dataDirectory.File("pki", "ca.crt")));
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(_dataDirectory.File("pki", "ca.key")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(_dataDirectory.File("pki", "apiserver.key")));
    }

    [Fact]
    public void ServingCertificateChainsToTheAuthorityForServerAuthentication()
    {
        using var certificates = LoadOrCreate(TimeProvider.System, "192.168.7.9", "0.0.0.0");
        using var authority = X509Certificate2.CreateFromPem(certificates.AuthorityPem);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new("1.3.6.1.5.5.7.3.1"));
        Assert.True(chain.Build(certificates.ServingCertificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(authority.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);

        var names = certificates.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(
            ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost"],
            names.EnumerateDnsNames().Order());
        // The wildcard bind address is not a name anyone dials, so it is left out.
        Assert.Equal(["127.0.0.1", "192.168.7.9", "::1"], names.EnumerateIPAddresses().Select(a => a.ToString()).Order());
        Assert.True(certificates.ServingCertificate.HasPrivateKey);
    }

    [Fact]
    public async Task ServingCertificateCompletesATlsHandshakeForItsNamesOnly()
    {
        using var certificates = LoadOrCreate(TimeProvider.System);

        Assert.Equal(SslPolicyErrors.None, await HandshakeAsync(certificates, "kubernetes.default.svc"));
        Assert.Equal(SslPolicyErrors.RemoteCertificateNameMismatch, await HandshakeAsync(certificates, "example.com"));
    }

    [Fact]
    public void RestartReusesStoredCertificates()
    {
        string authority, serving;
        using (var first = LoadOrCreate(_start)) (authority, serving) = (first.Authority.Certificate.Thumbprint, first.ServingCertificate.Thumbprint);

        using var second = LoadOrCreate(_start.Plus(TimeSpan.FromDays(300)));

        Assert.Equal(authority, second.Authority.Certificate.Thumbprint);
        Assert.Equal(serving, second.ServingCertificate.Thumbprint);
    }

    [Fact]
    public void ServingCertificateWithin30DaysOfExpiryIsReissuedByTheSameAuthority()
    {
        string authority, serving;
        using (var first = LoadOrCreate(_start)) (authority, serving) = (first.Authority.Certificate.Thumbprint, first.ServingCertificate.Thumbprint);

        var later = _start.Plus(TimeSpan.FromDays(340));
        using var renewed = LoadOrCreate(later);

        Assert.Equal(authority, renewed.Authority.Certificate.Thumbprint);
        Assert.NotEqual(serving, renewed.ServingCertificate.Thumbprint);
        Assert.True(renewed.Authority.HasIssued(renewed.ServingCertificate, later.GetUtcNow()));
        Assert.Equal((later.GetUtcNow() + TimeSpan.FromDays(365)).UtcDateTime, renewed.ServingCertificate.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        // ...and the renewal is what is stored now.
        using var reloaded = LoadOrCreate(later);
        Assert.Equal(renewed.ServingCertificate.Thumbprint, reloaded.ServingCertificate.Thumbprint);
    }

    [Fact]
    public void AuthorityWithin30DaysOfExpiryIsReplacedTogetherWithTheServingCertificate()
    {
        string authority, serving;
        using (var first = LoadOrCreate(_start)) (authority, serving) = (first.Authority.Certificate.Thumbprint, first.ServingCertificate.Thumbprint);

        var later = _start.Plus(TimeSpan.FromDays(3650 - 20));
        using var renewed = LoadOrCreate(later);

        Assert.NotEqual(authority, renewed.Authority.Certificate.Thumbprint);
        Assert.NotEqual(serving, renewed.ServingCertificate.Thumbprint);
        Assert.True(renewed.Authority.HasIssued(renewed.ServingCertificate, later.GetUtcNow()));
    }

    [Fact]
    public void UnreadableServingKeyIsReissuedWithoutReplacingTheAuthority()
    {
        string authority, serving;
        using (var first = LoadOrCreate(_start)) (authority, serving) = (first.Authority.Certificate.Thumbprint, first.ServingCertificate.Thumbprint);
        File.WriteAllText(_dataDirectory.File("pki", "apiserver.key"), "not a key");

        using var repaired = LoadOrCreate(_start);

        Assert.Equal(authority, repaired.Authority.Certificate.Thumbprint);
        Assert.NotEqual(serving, repaired.ServingCertificate.Thumbprint);
    }

    [Fact]
    public void MissingAuthorityKeyReplacesEverything()
    {
        string authority, serving;
        using (var first = LoadOrCreate(_start)) (authority, serving) = (first.Authority.Certificate.Thumbprint, first.ServingCertificate.Thumbprint);
        File.Delete(_dataDirectory.File("pki", "ca.key"));

        using var repaired = LoadOrCreate(_start);

        Assert.NotEqual(authority, repaired.Authority.Certificate.Thumbprint);
        Assert.NotEqual(serving, repaired.ServingCertificate.Thumbprint);
        Assert.True(repaired.Authority.HasIssued(repaired.ServingCertificate, _start.GetUtcNow()));
    }

    [Fact]
    public void NewBindAddressIsAddedByReissuingTheServingCertificate()
    {
        string authority;
        using (var first = LoadOrCreate(_start)) authority = first.Authority.Certificate.Thumbprint;

        using var widened = LoadOrCreate(_start, "10.1.2.3");

        Assert.Equal(authority, widened.Authority.Certificate.Thumbprint);
        var addresses = widened.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses();
        Assert.Contains(IPAddress.Parse("10.1.2.3"), addresses);
    }

    /// <summary>A TLS handshake over loopback, the client trusting only the cluster CA; returns what validation found.</summary>
    static async Task<SslPolicyErrors> HandshakeAsync(ClusterCertificates certificates, string targetHost)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        var connecting = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptTcpClientAsync();
        await connecting;

        var policyErrors = SslPolicyErrors.None;
        await using var server = new SslStream(accepted.GetStream());
        await using var tlsClient = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, errors) =>
        {
            policyErrors = errors;
            return true;
        });
        var chainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        chainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(certificates.AuthorityPem));
        await Task.WhenAll(
            server.AuthenticateAsServerAsync(certificates.ServingCertificate),
            tlsClient.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                CertificateChainPolicy = chainPolicy,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }));
        return policyErrors;
    }
}
