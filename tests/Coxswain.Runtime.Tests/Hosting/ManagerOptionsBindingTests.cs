using Coxswain.Runtime.Hosting;
using Coxswain.Runtime.Webhooks;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coxswain.Runtime.Tests.Hosting;

public class ManagerOptionsBindingTests
{
    [Fact]
    public void Controller_runtime_flags_and_the_configuration_section_both_bind()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Coxswain:GracefulShutdownTimeout"] = "00:00:05",
                ["Coxswain:LeaderElection:RetryPeriod"] = "00:00:01",
            })
            .AddCoxswainCommandLine(["--leader-elect=true", "--leader-election-id=mirror-lock", "--metrics-bind-address=127.0.0.1:9090", "--kubeconfig", "/tmp/kc"])
            .Build();

        var options = Options(configuration);

        Assert.Equal(
            (true, "mirror-lock", "127.0.0.1:9090", ":8081", "/tmp/kc", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15)),
            (options.LeaderElection.Enabled, options.LeaderElection.LeaseName, options.MetricsBindAddress, options.HealthProbeBindAddress,
                options.Kubeconfig, options.GracefulShutdownTimeout, options.LeaderElection.RetryPeriod, options.LeaderElection.LeaseDuration));
    }

    [Fact]
    public void Leader_election_without_a_lease_name_is_refused_at_start()
    {
        var configuration = new ConfigurationBuilder().AddCoxswainCommandLine(["--leader-elect=true"]).Build();

        var error = Assert.Throws<OptionsValidationException>(() => Options(configuration));

        Assert.Contains("--leader-election-id", error.Message);
    }

    [Fact]
    public void Webhook_options_bind_with_openkruise_values_and_inconsistent_ones_are_refused()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Coxswain:Webhook:CertSecretName"] = "kruise-webhook-certs",
                ["Coxswain:Webhook:ServiceName"] = "kruise-webhook-service",
                ["Coxswain:Webhook:ServiceNamespace"] = "kruise-system",
                ["Coxswain:Webhook:MutatingWebhookConfigurations:0"] = "kruise-mutating-webhook-configuration",
            })
            .AddCoxswainCommandLine(["--webhook-port=9443"])
            .Build();

        var options = Options(configuration, webhooks: true).Webhook;

        Assert.Equal(
            (9443, "kruise-webhook-certs", "kruise-webhook-service", "kruise-system", TimeSpan.FromDays(180)),
            (options.Port, options.CertSecretName, options.ServiceName, options.ServiceNamespace, options.RenewBefore));
        Assert.Equal(["kruise-mutating-webhook-configuration"], options.MutatingWebhookConfigurations);

        var withoutService = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Coxswain:Webhook:CertSecretName"] = "certs" }).Build();
        Assert.Contains("ServiceName", Assert.Throws<OptionsValidationException>(() => Options(withoutService, webhooks: true)).Message);
        var renewTooEarly = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Coxswain:Webhook:RenewBefore"] = "400.00:00:00" }).Build();
        Assert.Contains("RenewBefore", Assert.Throws<OptionsValidationException>(() => Options(renewTooEarly, webhooks: true)).Message);
    }

    private static ManagerOptions Options(IConfiguration configuration, bool webhooks = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var manager = services.AddCoxswainManager(configuration);
        if (webhooks)
        {
            manager.AddValidatingWebhook<V1Pod, AllowAll>("/validate-pod");
        }

        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ManagerOptions>>().Value;
    }

    private sealed class AllowAll : IValidatingWebhook<V1Pod>
    {
        public Task<AdmissionDecision> ValidateAsync(AdmissionRequest<V1Pod> request, CancellationToken cancellationToken) =>
            Task.FromResult(AdmissionDecision.Allow());
    }
}
