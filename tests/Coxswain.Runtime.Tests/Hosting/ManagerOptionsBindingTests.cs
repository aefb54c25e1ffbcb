using Coxswain.Runtime.Hosting;
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

    private static ManagerOptions Options(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCoxswainManager(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ManagerOptions>>().Value;
    }
}
