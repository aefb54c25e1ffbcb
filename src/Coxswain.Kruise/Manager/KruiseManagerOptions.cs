using Coxswain.Kruise.FeatureGates;
using Coxswain.Manifests.Kruise;

namespace Coxswain.Kruise.Manager;

/// <summary>
/// What <c>coxswain manager</c> runs with: OpenKruise's manager flags (<c>--enable-leader-election</c>,
/// <c>--metrics-addr</c>, <c>--health-probe-addr</c>, <c>--feature-gates</c>, <c>--cloneset-workers</c>, …) and defaults.
/// </summary>
public sealed record KruiseManagerOptions
{
    public bool EnableLeaderElection { get; init; } = true;
    public string LeaderElectionNamespace { get; init; } = KruiseNames.Namespace;
    public string LeaderElectionId { get; init; } = KruiseNames.LeaderElectionId;
    public string MetricsAddress { get; init; } = $":{KruiseNames.MetricsPort}";
    public string HealthProbeAddress { get; init; } = $":{KruiseNames.HealthPort}";
    /// <summary>Webhook server port (OpenKruise reads it from <c>WEBHOOK_PORT</c>).</summary>
    public int WebhookPort { get; init; } = KruiseNames.WebhookPort;

    /// <summary>Address the webhook server binds (all interfaces when unset; <c>WEBHOOK_HOST</c>).</summary>
    public string? WebhookHost { get; init; }

    /// <summary>Where the serving certificate is written (<c>WEBHOOK_CERT_DIR</c>, OpenKruise's default).</summary>
    public string WebhookCertDir { get; init; } = Path.Combine(Path.GetTempPath(), "kruise-webhook-certs");
    public FeatureGateSet FeatureGates { get; init; } = FeatureGateSet.Defaults;

    /// <summary>Concurrent CloneSet reconciles (OpenKruise's <c>--cloneset-workers</c>, default 3).</summary>
    public int CloneSetWorkers { get; init; } = 3;

    /// <summary>klog's <c>--v</c>: 0–4 log at Information, 5 and above add Debug.</summary>
    public int Verbosity { get; init; }

    /// <summary>A kubeconfig to use instead of the in-cluster service account or <c>$KUBECONFIG</c>.</summary>
    public string? Kubeconfig { get; init; }
}
