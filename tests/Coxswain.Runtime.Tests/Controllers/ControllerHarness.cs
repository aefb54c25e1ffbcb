using System.Collections.Concurrent;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Queue;
using Coxswain.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace Coxswain.Runtime.Tests.Controllers;

/// <summary>A controller on a fake clock and a private metrics registry, running in the background.</summary>
internal sealed class ControllerHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public ControllerHarness(
        Func<ReconcileRequest, CancellationToken, Task<ReconcileResult>> reconcile,
        Action<ControllerOptions>? configure = null,
        IEnumerable<IReconcileSource>? sources = null,
        ILogger? logger = null)
    {
        var options = new ControllerOptions
        {
            Name = "test",
            TimeProvider = Clock,
            Metrics = new RuntimeMetrics(Registry),
        };
        configure?.Invoke(options);
        Controller = new Controller(options, async (request, token) =>
        {
            Calls.Enqueue(request);
            return await reconcile(request, token);
        }, sources, logger);
    }

    public FakeTimeProvider Clock { get; } = new();

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public Controller Controller { get; }

    /// <summary>Every request the reconciler was called with, in order.</summary>
    public ConcurrentQueue<ReconcileRequest> Calls { get; } = new();

    /// <summary>
    /// Requests waiting for a delay. Tests wait for this before advancing the fake clock: a retry's ready time is taken
    /// from the clock when it is scheduled, so advancing earlier would not make it due.
    /// </summary>
    public int Waiting => ((DelayingWorkQueue<ReconcileRequest>)Controller.Queue).WaitingCount;

    public Task Run => _run ?? throw new InvalidOperationException("not started");

    public ControllerHarness Start()
    {
        _run = Controller.RunAsync(_stop.Token);
        return this;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public Task<MetricsScrape> ScrapeAsync() => MetricsScrape.TakeAsync(Registry);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // Tests that expect a failure assert it themselves.
            }
        }
    }
}
