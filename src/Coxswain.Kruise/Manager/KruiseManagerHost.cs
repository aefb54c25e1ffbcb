using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Kruise.Webhooks;
using Coxswain.Manifests.Kruise;
using Coxswain.Kruise.FeatureGates;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Hosting;
using Coxswain.Runtime.Webhooks;
using Coxswain.Workloads.CloneSets;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coxswain.Kruise.Manager;

/// <summary>
/// Builds kruise-controller-manager on the Generic Host: the runtime's manager (client, shared informers, leader election
/// on Lease <c>kruise-manager</c>, <c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>), the CloneSet controller, and the
/// webhooks of <see cref="KruiseWebhooks"/> on port 9876 with certificates kept in Secret <c>kruise-webhook-certs</c>.
/// </summary>
public static class KruiseManagerHost
{
    public static IHost Build(KruiseManagerOptions options)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(options.Verbosity >= 5 ? LogLevel.Debug : LogLevel.Information);
        // Kestrel's per-request lines (every probe, every webhook call) would drown the controllers' own logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.FeatureGates);
        builder.Services.AddSingleton<CloneSetDefaultingWebhook>();
        builder.Services.AddSingleton<CloneSetValidatingWebhook>();
        builder.Services.AddSingleton<PodMutatingWebhook>();
        // controller-runtime's recorders write core/v1 Events: what `kubectl describe` and `kubectl get events
        // --field-selector involvedObject.kind=CloneSet` read.
        builder.Services.AddSingleton(provider => new EventBroadcaster(
            provider.GetRequiredService<k8s.Kubernetes>(), new EventBroadcasterOptions { Api = EventApi.CoreV1 },
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("Coxswain.Runtime.Events")));
        builder.Services.AddSingleton(new CloneSetExpectations(
            forceDeleteOnTimeout: options.FeatureGates.Enabled(KruiseFeatures.ForceDeleteTimeoutExpectationFeatureGate)));
        builder.Services.AddSingleton<KruiseManagerMetrics>();
        builder.Services.AddSingleton<IAdmissionObserver>(provider => provider.GetRequiredService<KruiseManagerMetrics>());

        var manager = builder.Services.AddCoxswainManager(configure: manager =>
        {
            manager.Kubeconfig = options.Kubeconfig;
            manager.MetricsBindAddress = options.MetricsAddress;
            manager.HealthProbeBindAddress = options.HealthProbeAddress;
            manager.LeaderElection.Enabled = options.EnableLeaderElection;
            manager.LeaderElection.LeaseName = options.LeaderElectionId;
            manager.LeaderElection.LeaseNamespace = options.LeaderElectionNamespace;
            manager.Webhook.Port = options.WebhookPort;
            manager.Webhook.Host = options.WebhookHost;
            manager.Webhook.CertDir = options.WebhookCertDir;
            manager.Webhook.CertSecretName = KruiseNames.WebhookCertSecret;
            manager.Webhook.ServiceName = KruiseNames.WebhookService;
            manager.Webhook.ServiceNamespace = options.LeaderElectionNamespace;
            manager.Webhook.MutatingWebhookConfigurations = [KruiseNames.MutatingWebhookConfiguration];
            manager.Webhook.ValidatingWebhookConfigurations = [KruiseNames.ValidatingWebhookConfiguration];
        });
        manager.AddCloneSetController(controller => controller.MaxConcurrentReconciles = options.CloneSetWorkers);
        manager.AddMutatingWebhook<CloneSet, CloneSetDefaultingWebhook>(KruiseWebhooks.MutateCloneSet.Path);
        manager.AddValidatingWebhook<CloneSet, CloneSetValidatingWebhook>(KruiseWebhooks.ValidateCloneSet.Path);
        manager.AddMutatingWebhook<V1Pod, PodMutatingWebhook>(KruiseWebhooks.MutatePod.Path);
        return builder.Build();
    }
}
