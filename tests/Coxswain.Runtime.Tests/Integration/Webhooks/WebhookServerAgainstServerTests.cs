using System.Text;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Tests.Support;
using Coxswain.Runtime.Webhooks;
using k8s.Models;
using Prometheus;
using Xunit.Abstractions;

namespace Coxswain.Runtime.Tests.Integration.Webhooks;

/// <summary>The local API server calling webhooks hosted by a manager, over TLS with the runtime's own certificates.</summary>
public sealed class WebhookServerAgainstServerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _certDir = Directory.CreateTempSubdirectory("coxswain-webhook-certs-").FullName;

    [Fact]
    public async Task The_api_server_calls_runtime_hosted_webhooks_trusting_the_injected_ca_and_a_restart_reuses_the_stored_certificate()
    {
        await using var cluster = await TestCluster.StartAsync();
        await WebhookFixture.CreateAsync(cluster.Client);
        var metrics = new RuntimeMetrics(new CollectorRegistry());
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        var labels = new Dictionary<string, string> { [WebhookFixture.SelectedLabel] = "true" };

        string servedThumbprint;
        WebhookCertificates stored;
        await using (var first = await WebhookFixture.StartManagerAsync(cluster, output, "first", metrics, _certDir))
        {
            await Eventually.TrueAsync(() => first.Server().Address is not null, "the webhook server listens", 20_000);
            await WebhookFixture.PointServiceAtAsync(cluster.Client, first.Server().Address!.Port);
            stored = await StoredCertificatesAsync(cluster);
            await Eventually.TrueAsync(() => CaBundlesAre(cluster, stored.CaCertPem), "caBundle was injected into both configurations", 10_000);
            Assert.Equal(200, (await first.GetAsync(first.Endpoints.HealthProbeAddress, "/readyz/webhook")).Status);

            var admitted = await configMaps.CreateAsync(Cluster.ConfigMap("admitted", "default", new Dictionary<string, string> { ["Key"] = "v" }, labels));
            Assert.Equal("coxswain", admitted.Metadata.Labels["mutated-by"]);

            var denied = await Assert.ThrowsAsync<KubernetesApiException>(() =>
                configMaps.CreateAsync(Cluster.ConfigMap("denied", "default", new Dictionary<string, string> { ["forbidden"] = "x" }, labels)));
            Assert.Equal(
                "configmaps \"denied\" is forbidden: admission webhook \"vconfigmap.example.com\" denied the request: data.forbidden: Forbidden: this key is reserved",
                denied.Status?.Message);
            Assert.Equal(403, denied.Status?.Code);

            var scrape = await MetricsScrape.TakeAsync(metrics.Registry);
            Assert.Equal(2, scrape.Value("controller_runtime_webhook_requests_total", ("code", "200"), ("webhook", "/mutate-configmap")));
            Assert.Equal(2, scrape.Value("controller_runtime_webhook_requests_total", ("code", "200"), ("webhook", "/validate-configmap")));
            Assert.Equal(0, scrape.Value("controller_runtime_webhook_requests_in_flight", ("webhook", "/validate-configmap")));
            Assert.Equal(2, scrape.Value("controller_runtime_webhook_latency_seconds_count", ("webhook", "/mutate-configmap")));

            servedThumbprint = (await WebhookFixture.ServedCertificateAsync(first.Server().Address!)).Thumbprint;
            Assert.Equal(X509Thumbprint(stored.CertPem), servedThumbprint);
            Assert.Equal(stored.CertPem, await File.ReadAllTextAsync(Path.Combine(_certDir, "tls.crt")));
        }

        await using var second = await WebhookFixture.StartManagerAsync(cluster, output, "second", new RuntimeMetrics(new CollectorRegistry()), _certDir);
        await Eventually.TrueAsync(() => second.Server().Address is not null, "the restarted webhook server listens", 20_000);
        await WebhookFixture.PointServiceAtAsync(cluster.Client, second.Server().Address!.Port);

        Assert.Equal(stored, await StoredCertificatesAsync(cluster));
        Assert.Equal(servedThumbprint, (await WebhookFixture.ServedCertificateAsync(second.Server().Address!)).Thumbprint);
        var afterRestart = await configMaps.CreateAsync(Cluster.ConfigMap("after-restart", "default", labels: labels));
        Assert.Equal("coxswain", afterRestart.Metadata.Labels["mutated-by"]);
    }

    [Fact]
    public async Task A_serving_certificate_due_for_renewal_is_rotated_and_served_without_a_restart_keeping_the_ca()
    {
        await using var cluster = await TestCluster.StartAsync();
        await WebhookFixture.CreateAsync(cluster.Client);
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        var settings = new Dictionary<string, string?>
        {
            ["Coxswain:Webhook:CertificateValidity"] = "00:00:06",
            ["Coxswain:Webhook:RenewBefore"] = "00:00:03",
        };
        await using var host = await WebhookFixture.StartManagerAsync(cluster, output, "rotating", new RuntimeMetrics(new CollectorRegistry()), _certDir, settings);
        await Eventually.TrueAsync(() => host.Server().Address is not null, "the webhook server listens", 20_000);
        await WebhookFixture.PointServiceAtAsync(cluster.Client, host.Server().Address!.Port);
        var first = await StoredCertificatesAsync(cluster);

        WebhookCertificates? rotated = null;
        await Eventually.TrueAsync(
            () => (rotated = StoredCertificatesAsync(cluster).Result).CertPem != first.CertPem, "the serving certificate was rotated", 20_000);
        await Eventually.TrueAsync(
            () => WebhookFixture.ServedCertificateAsync(host.Server().Address!).Result.Thumbprint != X509Thumbprint(first.CertPem),
            "the rotated certificate is served by the running server", 20_000);

        Assert.Equal(first.CaCertPem, rotated!.CaCertPem);
        var labels = new Dictionary<string, string> { [WebhookFixture.SelectedLabel] = "true" };
        var admitted = await configMaps.CreateAsync(Cluster.ConfigMap("after-rotation", "default", labels: labels));
        Assert.Equal("coxswain", admitted.Metadata.Labels["mutated-by"]);
    }

    [Fact]
    public async Task Without_a_secret_the_certificate_files_are_served_and_reloaded_when_they_change()
    {
        await using var cluster = await TestCluster.StartAsync();
        var hosts = CertificateAuthority.HostsFor(WebhookFixture.Service, WebhookFixture.Namespace, []);
        var first = CertificateAuthority.CreateAll(hosts, TimeSpan.FromDays(10), TimeSpan.FromDays(1), DateTimeOffset.UtcNow);
        await WriteCertDirAsync(first);
        var settings = new Dictionary<string, string?>
        {
            ["Coxswain:Webhook:CertSecretName"] = null,
            ["Coxswain:Webhook:RefreshInterval"] = "00:00:00.200",
        };
        await using var host = await WebhookFixture.StartManagerAsync(cluster, output, "files", new RuntimeMetrics(new CollectorRegistry()), _certDir, settings);
        await Eventually.TrueAsync(() => host.Server().Address is not null, "the webhook server listens", 20_000);
        Assert.Equal(X509Thumbprint(first.CertPem), (await WebhookFixture.ServedCertificateAsync(host.Server().Address!)).Thumbprint);

        var second = CertificateAuthority.Issue(first.CaCertPem, first.CaKeyPem, hosts, TimeSpan.FromDays(1), DateTimeOffset.UtcNow);
        await WriteCertDirAsync(second);

        await Eventually.TrueAsync(
            () => WebhookFixture.ServedCertificateAsync(host.Server().Address!).Result.Thumbprint == X509Thumbprint(second.CertPem),
            "the new files are served", 10_000);
        Assert.Null(await new ResourceClient<V1Secret>(cluster.Client).GetOrDefaultAsync(WebhookFixture.Namespace, WebhookFixture.Secret));
    }

    public void Dispose() => Directory.Delete(_certDir, recursive: true);

    // Key first, then certificate: a reload never pairs the new certificate with the old key.
    private async Task WriteCertDirAsync(WebhookCertificates certificates)
    {
        await File.WriteAllTextAsync(Path.Combine(_certDir, "tls.key"), certificates.KeyPem);
        await File.WriteAllTextAsync(Path.Combine(_certDir, "tls.crt"), certificates.CertPem);
    }

    private static async Task<WebhookCertificates> StoredCertificatesAsync(TestCluster cluster)
    {
        var secret = await new ResourceClient<V1Secret>(cluster.Client).GetAsync(WebhookFixture.Namespace, WebhookFixture.Secret);
        Assert.Equal(
            ["ca-cert.pem", "ca-key.pem", "cert.pem", "key.pem", "tls.crt", "tls.key"],
            secret.Data.Keys.Order(StringComparer.Ordinal));
        return WebhookCertificates.FromSecretData(secret.Data)!;
    }

    private static bool CaBundlesAre(TestCluster cluster, string caPem)
    {
        var bundle = Encoding.UTF8.GetBytes(caPem);
        var mutating = new ResourceClient<V1MutatingWebhookConfiguration>(cluster.Client).GetAsync(null, WebhookFixture.MutatingConfiguration).Result;
        var validating = new ResourceClient<V1ValidatingWebhookConfiguration>(cluster.Client).GetAsync(null, WebhookFixture.ValidatingConfiguration).Result;
        return mutating.Webhooks.All(w => w.ClientConfig.CaBundle?.SequenceEqual(bundle) == true)
            && validating.Webhooks.All(w => w.ClientConfig.CaBundle?.SequenceEqual(bundle) == true);
    }

    private static string X509Thumbprint(string pem) => System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem).Thumbprint;
}
