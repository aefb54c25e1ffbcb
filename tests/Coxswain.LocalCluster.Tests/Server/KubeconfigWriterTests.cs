using System.Security.Cryptography.X509Certificates;
using System.Text;
using Coxswain.LocalCluster.Server;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s;

namespace Coxswain.LocalCluster.Tests.Server;

public class KubeconfigWriterTests : IDisposable
{
    readonly TemporaryDirectory _dataDirectory = new();

    public void Dispose() => _dataDirectory.Dispose();

    [Fact]
    public void KubernetesClientReadsServerCaAndTokenFromTheWrittenFile()
    {
        using var authority = CertificateAuthority.Create("test-ca", TimeSpan.FromDays(1));
        var token = AccessToken.LoadOrCreate(_dataDirectory.Path);

        var path = KubeconfigWriter.Write(_dataDirectory.Path, new Uri("https://127.0.0.1:6443/"), authority.CertificatePem, token);

        Assert.Equal(_dataDirectory.File("kubeconfig"), path);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        Assert.Equal("coxswain", config.CurrentContext);
        Assert.Equal("https://127.0.0.1:6443", config.Host);
        Assert.Equal(token.Value, config.AccessToken);
        Assert.False(config.SkipTlsVerify);
        var trusted = Assert.Single(config.SslCaCerts!);
        Assert.Equal(authority.Certificate.Thumbprint, trusted.Thumbprint);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void NamesClusterUserAndContextCoxswain()
    {
        using var authority = CertificateAuthority.Create("test-ca", TimeSpan.FromDays(1));
        var text = KubeconfigWriter.Render(new Uri("https://[::1]:7443"), authority.CertificatePem, new AccessToken("t"));

        var config = KubernetesClientConfiguration.LoadKubeConfig(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        Assert.Equal("coxswain", config.CurrentContext);
        var context = Assert.Single(config.Contexts);
        Assert.Equal(("coxswain", "coxswain", "coxswain"), (context.Name, context.ContextDetails.Cluster, context.ContextDetails.User));
        var cluster = Assert.Single(config.Clusters);
        Assert.Equal(("coxswain", "https://[::1]:7443"), (cluster.Name, cluster.ClusterEndpoint.Server));
        Assert.Equal(authority.CertificatePem, Encoding.UTF8.GetString(Convert.FromBase64String(cluster.ClusterEndpoint.CertificateAuthorityData)));
        Assert.Equal("coxswain", Assert.Single(config.Users).Name);
    }

    /// <summary>Tokens the user may put in the token file: any visible ASCII, YAML indicators included.</summary>
    static readonly Arbitrary<string> Tokens =
        Gen.NonEmptyListOf(Gen.Choose('!', '~').Select(c => (char)c)).Select(chars => new string(chars.ToArray())).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property AnyUsableTokenSurvivesTheYaml() => Prop.ForAll(Tokens, token =>
    {
        var text = KubeconfigWriter.Render(new Uri("https://127.0.0.1:6443"), "-----BEGIN CERTIFICATE-----", new AccessToken(token));
        var config = KubernetesClientConfiguration.LoadKubeConfig(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        return Assert.Single(config.Users).UserCredentials.Token == token;
    });
}
