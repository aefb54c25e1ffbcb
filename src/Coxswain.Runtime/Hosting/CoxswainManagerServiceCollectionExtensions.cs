using Coxswain.Runtime.Client;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Observability;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coxswain.Runtime.Hosting;

/// <summary>Registers the Coxswain controller manager on the .NET Generic Host.</summary>
public static class CoxswainManagerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the manager: a KubernetesClient (kubeconfig or in-cluster, counting <c>rest_client_requests_total</c>), the
    /// process-wide <see cref="SharedInformerFactory"/>, <c>ResourceClient&lt;T&gt;</c> for every kind, an
    /// <see cref="EventBroadcaster"/>, optional leader election, <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>, and
    /// the hosted service running the controllers registered on the returned builder. Options come from the
    /// <c>Coxswain</c> section of <paramref name="configuration"/>, then <paramref name="configure"/>.
    /// </summary>
    public static CoxswainManagerBuilder AddCoxswainManager(
        this IServiceCollection services, IConfiguration? configuration = null, Action<ManagerOptions>? configure = null)
    {
        var options = services.AddOptions<ManagerOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(ManagerOptions.SectionName));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ControllerManager)))
        {
            return new CoxswainManagerBuilder(services);
        }

        options
            .Validate(
                o => !o.LeaderElection.Enabled || !string.IsNullOrEmpty(o.LeaderElection.LeaseName),
                "leader election is enabled but no lease is named: set Coxswain:LeaderElection:LeaseName (--leader-election-id)")
            .Validate(o => o.LeaderElection.LeaseDuration > o.LeaderElection.RenewDeadline, "leaseDuration must be greater than renewDeadline")
            .Validate(o => o.LeaderElection.RenewDeadline > o.LeaderElection.RetryPeriod * 1.2, "renewDeadline must be greater than retryPeriod*JitterFactor")
            .ValidateOnStart();

        services.TryAddSingleton(RuntimeMetrics.Default);
        services.TryAddSingleton(provider => ClientConfiguration(provider.GetRequiredService<IOptions<ManagerOptions>>().Value));
        services.TryAddSingleton(provider => new Kubernetes(
            provider.GetRequiredService<KubernetesClientConfiguration>(), new RestClientMetricsHandler(provider.GetRequiredService<RuntimeMetrics>())));
        services.TryAddSingleton<IKubernetes>(provider => provider.GetRequiredService<Kubernetes>());
        services.TryAddSingleton<IListWatchClientFactory>(provider => new KubernetesListWatchClientFactory(provider.GetRequiredService<Kubernetes>()));
        services.TryAddSingleton(provider => new SharedInformerFactory(
            provider.GetRequiredService<IListWatchClientFactory>(), provider.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(typeof(ResourceClient<>));
        services.TryAddSingleton(provider => new EventBroadcaster(
            provider.GetRequiredService<Kubernetes>(), logger: provider.GetRequiredService<ILoggerFactory>().CreateLogger("Coxswain.Runtime.Events")));

        // Probes and metrics start first and stop last: hosted services stop in reverse order.
        services.TryAddSingleton<ControllerManager>();
        services.TryAddSingleton<ManagerHealth>();
        services.TryAddSingleton<ManagerEndpoints>();
        services.AddHostedService(provider => provider.GetRequiredService<ManagerEndpoints>());
        services.AddHostedService(provider => provider.GetRequiredService<ControllerManager>());

        // The host must wait for in-flight reconciles and the lease release before it gives up on shutdown.
        services.AddOptions<HostOptions>().Configure<IOptions<ManagerOptions>>((host, manager) =>
        {
            var needed = manager.Value.GracefulShutdownTimeout + manager.Value.LeaderElection.RenewDeadline;
            host.ShutdownTimeout = host.ShutdownTimeout > needed ? host.ShutdownTimeout : needed;
        });
        return new CoxswainManagerBuilder(services);
    }

    private static KubernetesClientConfiguration ClientConfiguration(ManagerOptions options) =>
        !string.IsNullOrEmpty(options.Kubeconfig) || !string.IsNullOrEmpty(options.KubeContext)
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, options.KubeContext)
            : KubernetesClientConfiguration.BuildDefaultConfig();
}
