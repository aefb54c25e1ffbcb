using Prometheus;

namespace Coxswain.Runtime.Observability;

/// <summary>
/// The Prometheus metric families of the runtime, registered on one <see cref="CollectorRegistry"/>. Names, help texts,
/// labels and buckets are controller-runtime's so dashboards and alerts written for Go controllers work unchanged.
/// Production code uses <see cref="Default"/> (the process-wide prometheus-net registry served on <c>/metrics</c>);
/// tests create their own registry so they can assert exact values.
/// </summary>
public sealed class RuntimeMetrics
{
    private static readonly Lazy<RuntimeMetrics> DefaultInstance = new(() => new RuntimeMetrics(Prometheus.Metrics.DefaultRegistry));

    public RuntimeMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        WorkQueue = new WorkQueueMetricFamilies(factory);
        Controller = new ControllerMetricFamilies(factory);
        RestClient = new RestClientMetricFamilies(factory);
        LeaderElection = new LeaderElectionMetricFamilies(factory);
        Webhook = new WebhookMetricFamilies(factory);
    }

    /// <summary>The families registered on prometheus-net's default registry.</summary>
    public static RuntimeMetrics Default => DefaultInstance.Value;

    public CollectorRegistry Registry { get; }

    /// <summary>The <c>workqueue_*</c> families.</summary>
    public WorkQueueMetricFamilies WorkQueue { get; }

    /// <summary>The <c>controller_runtime_*</c> reconcile families.</summary>
    public ControllerMetricFamilies Controller { get; }

    /// <summary>The <c>rest_client_*</c> families.</summary>
    public RestClientMetricFamilies RestClient { get; }

    /// <summary>The <c>leader_election_*</c> families.</summary>
    public LeaderElectionMetricFamilies LeaderElection { get; }

    /// <summary>The <c>controller_runtime_webhook_*</c> families.</summary>
    public WebhookMetricFamilies Webhook { get; }
}
