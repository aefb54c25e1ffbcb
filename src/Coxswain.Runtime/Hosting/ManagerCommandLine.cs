using Microsoft.Extensions.Configuration;

namespace Coxswain.Runtime.Hosting;

/// <summary>
/// controller-runtime's conventional flags (<c>--leader-elect</c>, <c>--metrics-bind-address</c>…) mapped onto
/// <see cref="ManagerOptions"/>, so a manager accepts the command lines its Go counterparts do. Flags take a value:
/// <c>--leader-elect=true</c>.
/// </summary>
public static class ManagerCommandLine
{
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--kubeconfig"] = $"{ManagerOptions.SectionName}:{nameof(ManagerOptions.Kubeconfig)}",
        ["--context"] = $"{ManagerOptions.SectionName}:{nameof(ManagerOptions.KubeContext)}",
        ["--metrics-bind-address"] = $"{ManagerOptions.SectionName}:{nameof(ManagerOptions.MetricsBindAddress)}",
        ["--health-probe-bind-address"] = $"{ManagerOptions.SectionName}:{nameof(ManagerOptions.HealthProbeBindAddress)}",
        ["--leader-elect"] = $"{ManagerOptions.SectionName}:{nameof(ManagerOptions.LeaderElection)}:{nameof(LeaderElectionSettings.Enabled)}",
        ["--leader-election-id"] = $"{ManagerOptions.SectionName}:{nameof(ManagerOptions.LeaderElection)}:{nameof(LeaderElectionSettings.LeaseName)}",
        ["--leader-election-namespace"] = $"{ManagerOptions.SectionName}:{nameof(ManagerOptions.LeaderElection)}:{nameof(LeaderElectionSettings.LeaseNamespace)}",
        ["--webhook-port"] = $"{ManagerOptions.SectionName}:{nameof(ManagerOptions.Webhook)}:{nameof(WebhookServerSettings.Port)}",
        ["--webhook-cert-dir"] = $"{ManagerOptions.SectionName}:{nameof(ManagerOptions.Webhook)}:{nameof(WebhookServerSettings.CertDir)}",
    };

    /// <summary>Adds <paramref name="args"/> as configuration, understanding controller-runtime's flags.</summary>
    public static IConfigurationBuilder AddCoxswainCommandLine(this IConfigurationBuilder configuration, string[] args) =>
        configuration.AddCommandLine(args, SwitchMappings.ToDictionary());
}
