using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.LeaderElection;
using Coxswain.Runtime.Observability;
using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coxswain.Runtime.Hosting;

/// <summary>
/// Runs the registered controllers for the life of the host (controller-runtime's manager). At start every controller
/// is built, which starts its informers on every replica; with leader election the controllers then run only while this
/// replica holds the Lease. Graceful shutdown stops the controllers (in-flight reconciles finish), then releases the
/// Lease. Losing the Lease, or a controller failing, stops the application with exit code 1, as controller-runtime
/// exits: the pod restarts and rejoins the election with fresh state.
/// </summary>
public sealed class ControllerManager(
    IEnumerable<ControllerRegistration> registrations,
    IServiceProvider services,
    SharedInformerFactory informers,
    Kubernetes client,
    KubernetesClientConfiguration clientConfiguration,
    RuntimeMetrics metrics,
    IOptions<ManagerOptions> options,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Coxswain.Runtime.Hosting.Manager");
    private IReadOnlyList<Controller> _controllers = [];
    private volatile bool _built;
    private volatile bool _running;

    /// <summary>The controllers, once the manager has started.</summary>
    public IReadOnlyList<Controller> Controllers => _controllers;

    /// <summary>This replica's elector, when leader election is enabled and the manager has started.</summary>
    public LeaderElector? Elector { get; private set; }

    /// <summary>Whether the controllers are running (always once started without leader election).</summary>
    public bool IsRunningControllers => _running;

    /// <summary>Whether the controllers are built and all their caches hold a complete list.</summary>
    public bool CachesSynced => _built && informers.HasSynced;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        _controllers = [.. registrations.Select(r => r.Build(services))];
        _built = true;
        ManagerLog.Starting(_logger, _controllers.Count, settings.LeaderElection.Enabled ? "enabled" : "disabled");
        try
        {
            if (!settings.LeaderElection.Enabled)
            {
                await RunControllersAsync(stoppingToken).ConfigureAwait(false);
                return;
            }

            Elector = new LeaderElector(client, ElectionOptions(settings), loggerFactory.CreateLogger("Coxswain.Runtime.LeaderElection"));
            if (await Elector.RunAsync(RunControllersAsync, stoppingToken).ConfigureAwait(false))
            {
                ManagerLog.LeaderElectionLost(_logger);
                Exit();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            ManagerLog.Failed(_logger, e);
            Exit();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        ManagerLog.Stopping(_logger);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunControllersAsync(CancellationToken cancellationToken)
    {
        _running = true;
        try
        {
            await Task.WhenAll(_controllers.Select(c => c.RunAsync(cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            _running = false;
        }
    }

    private LeaderElectionOptions ElectionOptions(ManagerOptions settings)
    {
        var election = settings.LeaderElection;
        return new LeaderElectionOptions
        {
            LeaseName = election.LeaseName!,
            // As controller-runtime: the namespace the client works in (kubeconfig context, or the pod's own).
            LeaseNamespace = election.LeaseNamespace ?? (string.IsNullOrEmpty(clientConfiguration.Namespace) ? "default" : clientConfiguration.Namespace),
            LeaseDuration = election.LeaseDuration,
            RenewDeadline = election.RenewDeadline,
            RetryPeriod = election.RetryPeriod,
            ReleaseOnCancel = election.ReleaseOnCancel,
            Metrics = metrics,
        };
    }

    private void Exit()
    {
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }
}
