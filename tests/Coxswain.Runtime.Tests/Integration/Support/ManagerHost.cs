using Coxswain.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>A Generic Host running a manager against a test cluster, with probes and metrics on ephemeral ports.</summary>
internal sealed class ManagerHost : IAsyncDisposable
{
    private ManagerHost(IHost host)
    {
        Host = host;
    }

    public IHost Host { get; }

    public ControllerManager Manager => Host.Services.GetRequiredService<ControllerManager>();

    public ManagerEndpoints Endpoints => Host.Services.GetRequiredService<ManagerEndpoints>();

    /// <summary>Builds and starts a host; <paramref name="configure"/> registers the controllers.</summary>
    public static async Task<ManagerHost> StartAsync(
        TestCluster cluster, ITestOutputHelper output, string name, Action<HostApplicationBuilder> configure, string? leaseName = "test-manager")
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coxswain:Kubeconfig"] = cluster.Server.KubeconfigPath,
            ["Coxswain:MetricsBindAddress"] = "127.0.0.1:0",
            ["Coxswain:HealthProbeBindAddress"] = "127.0.0.1:0",
            ["Coxswain:GracefulShutdownTimeout"] = "00:00:05",
            ["Coxswain:LeaderElection:Enabled"] = leaseName is null ? "false" : "true",
            ["Coxswain:LeaderElection:LeaseName"] = leaseName,
            ["Coxswain:LeaderElection:LeaseNamespace"] = "default",
            ["Coxswain:LeaderElection:LeaseDuration"] = "00:00:02",
            ["Coxswain:LeaderElection:RenewDeadline"] = "00:00:01",
            ["Coxswain:LeaderElection:RetryPeriod"] = "00:00:00.200",
        });
        builder.Logging.AddProvider(new TestOutputLoggerFactory(output));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        configure(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new ManagerHost(host);
    }

    public async Task<(int Status, string Body)> GetAsync(Uri? server, string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(server ?? throw new InvalidOperationException("not served"), path));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task StopAsync() => Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
