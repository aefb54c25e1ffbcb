namespace Coxswain.Runtime.Hosting;

/// <summary>
/// How the manager host runs, bound from the configuration section <see cref="SectionName"/> (so from
/// <c>appsettings.json</c>, environment variables such as <c>Coxswain__LeaderElection__Enabled=true</c>, or flags; see
/// <see cref="ManagerCommandLine"/>). Defaults are controller-runtime's.
/// </summary>
public sealed class ManagerOptions
{
    public const string SectionName = "Coxswain";

    /// <summary>
    /// Path of a kubeconfig file. When unset the usual places are tried, as <c>kubectl</c> does: <c>$KUBECONFIG</c>,
    /// <c>~/.kube/config</c>, then the in-cluster service account.
    /// </summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; its current context when unset.</summary>
    public string? KubeContext { get; set; }

    /// <summary>Where <c>/metrics</c> is served: <c>:8080</c> (all interfaces), <c>host:port</c>, or <c>0</c> to disable.</summary>
    public string MetricsBindAddress { get; set; } = ":8080";

    /// <summary>Where <c>/healthz</c> and <c>/readyz</c> are served; <c>0</c> disables them.</summary>
    public string HealthProbeBindAddress { get; set; } = ":8081";

    /// <summary>How long in-flight reconciles may run after shutdown starts before they are cancelled.</summary>
    public TimeSpan GracefulShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public LeaderElectionSettings LeaderElection { get; set; } = new();

    /// <summary>The admission webhook server, when webhooks are registered.</summary>
    public WebhookServerSettings Webhook { get; set; } = new();
}
