using System.CommandLine;
using Coxswain.Kruise.FeatureGates;
using Coxswain.Kruise.Manager;
using Microsoft.Extensions.Hosting;

namespace Coxswain.Cli.Commands;

/// <summary>
/// <c>coxswain manager</c>: kruise-controller-manager. Takes OpenKruise's flags (<c>--enable-leader-election</c>,
/// <c>--metrics-addr=:8080</c>, <c>--feature-gates=…</c>, …) so the Deployment args of an OpenKruise install work
/// unchanged; runs until SIGTERM, then finishes in-flight work and releases its lease.
/// </summary>
internal sealed class ManagerCommand : Command
{
    static readonly KruiseManagerOptions Defaults = new();

    readonly Option<bool> _leaderElection = new("--enable-leader-election")
    {
        Description = "Elect a leader on a Lease, so only one replica reconciles.", DefaultValueFactory = _ => Defaults.EnableLeaderElection,
    };

    readonly Option<string> _leaderElectionNamespace = new("--leader-election-namespace")
    {
        Description = "Namespace of the leader-election Lease.", HelpName = "NS", DefaultValueFactory = _ => Defaults.LeaderElectionNamespace,
    };

    readonly Option<string> _leaderElectionId = new("--leader-election-id")
    {
        Description = "Name of the leader-election Lease.", HelpName = "NAME", DefaultValueFactory = _ => Defaults.LeaderElectionId,
    };

    readonly Option<string> _metricsAddress = new("--metrics-addr")
    {
        Description = "Address of /metrics (:8080; 0 disables it).", HelpName = "ADDR", DefaultValueFactory = _ => Defaults.MetricsAddress,
    };

    readonly Option<string> _healthAddress = new("--health-probe-addr")
    {
        Description = "Address of /healthz and /readyz.", HelpName = "ADDR", DefaultValueFactory = _ => Defaults.HealthProbeAddress,
    };

    readonly Option<FeatureGateSet> _featureGates = new("--feature-gates")
    {
        Description = "OpenKruise feature gates, e.g. CloneSetShortHash=true,PodWebhook=false.",
        HelpName = "GATES",
        DefaultValueFactory = _ => FeatureGateSet.Defaults,
        CustomParser = result =>
        {
            var text = string.Join(",", result.Tokens.Select(t => t.Value));
            try
            {
                return FeatureGateSet.Parse(text);
            }
            catch (FormatException e)
            {
                // pflag's wording, as kruise-manager prints it.
                result.AddError($"invalid argument \"{text}\" for \"--feature-gates\" flag: {e.Message}");
                return null;
            }
        },
    };

    readonly Option<int> _cloneSetWorkers = new("--cloneset-workers")
    {
        Description = "Concurrent CloneSet reconciles.", HelpName = "N", DefaultValueFactory = _ => Defaults.CloneSetWorkers,
    };

    readonly Option<int> _verbosity = new("--v")
    {
        Description = "Log verbosity (klog levels; 5 and above log debug messages).", HelpName = "N",
    };

    readonly Option<bool> _logToStderr = new("--logtostderr")
    {
        Description = "Accepted for compatibility: logs always go to standard error.",
    };

    readonly Option<string?> _kubeconfig = new("--kubeconfig")
    {
        Description = "Kubeconfig to use instead of the in-cluster service account or $KUBECONFIG.", HelpName = "FILE",
    };

    public ManagerCommand() : base("manager", "Run kruise-controller-manager (CloneSet controller, webhooks, leader election).")
    {
        _cloneSetWorkers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--cloneset-workers must be at least 1");
        });
        foreach (var option in new Option[]
                 {
                     _leaderElection, _leaderElectionNamespace, _leaderElectionId, _metricsAddress, _healthAddress,
                     _featureGates, _cloneSetWorkers, _verbosity, _logToStderr, _kubeconfig,
                 })
            Options.Add(option);

        SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new KruiseManagerOptions
            {
                EnableLeaderElection = parseResult.GetValue(_leaderElection),
                LeaderElectionNamespace = parseResult.GetValue(_leaderElectionNamespace)!,
                LeaderElectionId = parseResult.GetValue(_leaderElectionId)!,
                MetricsAddress = parseResult.GetValue(_metricsAddress)!,
                HealthProbeAddress = parseResult.GetValue(_healthAddress)!,
                FeatureGates = parseResult.GetValue(_featureGates)!,
                CloneSetWorkers = parseResult.GetValue(_cloneSetWorkers),
                Verbosity = parseResult.GetValue(_verbosity),
                Kubeconfig = parseResult.GetValue(_kubeconfig),
                // OpenKruise takes the webhook settings from the environment its Deployment sets.
                WebhookPort = int.TryParse(Environment.GetEnvironmentVariable("WEBHOOK_PORT"), out var port) ? port : Defaults.WebhookPort,
                WebhookHost = Environment.GetEnvironmentVariable("WEBHOOK_HOST") is { Length: > 0 } webhookHost ? webhookHost : null,
                WebhookCertDir = Environment.GetEnvironmentVariable("WEBHOOK_CERT_DIR") is { Length: > 0 } dir ? dir : Defaults.WebhookCertDir,
            };
            using var host = KruiseManagerHost.Build(LocalPodAddresses.Pin(options, Environment.GetEnvironmentVariable));
            await host.RunAsync(cancellationToken);
            return 0;
        });
    }
}
