using Coxswain.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coxswain.Kruise.Manager;

/// <summary>
/// Builds kruise-controller-manager on the Generic Host: the runtime's manager (client, shared informers, leader election
/// on Lease <c>kruise-manager</c>, <c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>) with OpenKruise's controllers and
/// webhooks registered on it.
/// </summary>
public static class KruiseManagerHost
{
    public static IHost Build(KruiseManagerOptions options)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = false, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(options.Verbosity >= 5 ? LogLevel.Debug : LogLevel.Information);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.FeatureGates);
        builder.Services.AddCoxswainManager(configure: manager =>
        {
            manager.Kubeconfig = options.Kubeconfig;
            manager.MetricsBindAddress = options.MetricsAddress;
            manager.HealthProbeBindAddress = options.HealthProbeAddress;
            manager.LeaderElection.Enabled = options.EnableLeaderElection;
            manager.LeaderElection.LeaseName = options.LeaderElectionId;
            manager.LeaderElection.LeaseNamespace = options.LeaderElectionNamespace;
        });
        return builder.Build();
    }
}
