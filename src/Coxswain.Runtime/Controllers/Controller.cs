using System.Diagnostics;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.Runtime.Controllers;

/// <summary>
/// Runs a reconcile function over the requests of its sources (controller-runtime's internal <c>Controller</c>,
/// kube-rs's <c>applier</c>). Requests go through a rate-limited, de-duplicating work queue, so an object is reconciled
/// by at most one of the <see cref="ControllerOptions.MaxConcurrentReconciles"/> workers at a time, and a burst of
/// changes to one object becomes one reconcile. Outcomes follow controller-runtime exactly:
/// <list type="bullet">
/// <item><see cref="ReconcileResult.Done"/>: the object's backoff is forgotten;</item>
/// <item><see cref="ReconcileResult.RequeueAfter"/>: backoff forgotten, requeued after the delay;</item>
/// <item><see cref="ReconcileResult.Requeue"/>: requeued with the object's backoff;</item>
/// <item>an exception: requeued with backoff, unless it is a <see cref="TerminalReconcileException"/>.</item>
/// </list>
/// </summary>
public sealed class Controller
{
    private readonly Func<ReconcileRequest, CancellationToken, Task<ReconcileResult>> _reconcile;
    private readonly ControllerOptions _options;
    private readonly List<IReconcileSource> _sources;
    private readonly ILogger _logger;
    private readonly ControllerMetrics _metrics;
    private readonly RateLimitingWorkQueue<ReconcileRequest> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _reconcilesCancelled = new();
    private Exception? _fatal;
    private int _started;

    public Controller(
        ControllerOptions options,
        Func<ReconcileRequest, CancellationToken, Task<ReconcileResult>> reconcile,
        IEnumerable<IReconcileSource>? sources = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reconcile);
        options.Validate();
        _options = options;
        _reconcile = reconcile;
        _sources = [.. sources ?? []];
        _logger = logger ?? NullLogger.Instance;
        var metrics = options.Metrics ?? RuntimeMetrics.Default;
        _metrics = new ControllerMetrics(metrics.Controller, options.Name);
        _queue = new RateLimitingWorkQueue<ReconcileRequest>(
            options.RateLimiter,
            new WorkQueueOptions { Name = options.Name, Controller = options.Name, TimeProvider = options.TimeProvider, Metrics = metrics });
    }

    public Controller(ControllerOptions options, IReconciler reconciler, IEnumerable<IReconcileSource>? sources = null, ILogger? logger = null)
        : this(options, reconciler.ReconcileAsync, sources, logger)
    {
    }

    public string Name => _options.Name;

    /// <summary>The controller's work queue, for callers that need delayed or rate-limited adds of their own.</summary>
    public IRateLimitingWorkQueue<ReconcileRequest> Queue => _queue;

    /// <summary>Adds a source; only before <see cref="RunAsync"/>.</summary>
    public void AddSource(IReconcileSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Sources must be added before the controller starts.");
        }

        _sources.Add(source);
    }

    /// <summary>Requests a reconcile of one object (the trigger API: kube-rs's <c>reconcile_on</c>).</summary>
    public void Enqueue(ReconcileRequest request) => _queue.Add(request);

    /// <summary>Requests a reconcile of one object after <paramref name="delay"/>.</summary>
    public void EnqueueAfter(ReconcileRequest request, TimeSpan delay) => _queue.AddAfter(request, delay);

    /// <summary>
    /// Runs until <paramref name="stoppingToken"/> is cancelled, then shuts down gracefully: sources stop, no new reconcile
    /// starts, and in-flight reconciles finish (their token is cancelled only after
    /// <see cref="ControllerOptions.GracefulShutdownTimeout"/>). Throws if a source fails, if the sources do not sync within
    /// <see cref="ControllerOptions.CacheSyncTimeout"/>, or if a panic occurs with recovery disabled.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"Controller {Name} was already started.");
        }

        using var scope = _logger.BeginScope(new Dictionary<string, object?> { ["controller"] = Name });
        using var stopOnRequest = stoppingToken.Register(() => _stopping.Cancel());
        ControllerLog.Starting(_logger);
        _metrics.Initialize(_options.MaxConcurrentReconciles);

        var pumps = _sources.Select(PumpAsync).ToList();
        Task[] workers = [];
        try
        {
            if (await WaitForSourcesToSyncAsync().ConfigureAwait(false))
            {
                ControllerLog.StartingWorkers(_logger, _options.MaxConcurrentReconciles);
                workers = [.. Enumerable.Range(0, _options.MaxConcurrentReconciles).Select(_ => Task.Run(WorkAsync))];
                await WaitUntilStoppingAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await ShutDownAsync(pumps, workers).ConfigureAwait(false);
        }

        if (_fatal is not null)
        {
            throw _fatal;
        }
    }

    private async Task<bool> WaitForSourcesToSyncAsync()
    {
        try
        {
            await Task.WhenAll(_sources.Select(s => s.WaitForSyncAsync(_stopping.Token)))
                .WaitAsync(_options.CacheSyncTimeout, _options.TimeProvider, _stopping.Token)
                .ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            ControllerLog.CacheSyncTimedOut(_logger, _options.CacheSyncTimeout);
            Fail(new TimeoutException($"failed to wait for {Name} caches to sync: timed out after {_options.CacheSyncTimeout}"));
            return false;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WaitUntilStoppingAsync()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = _stopping.Token.Register(() => stopped.TrySetResult());
        await stopped.Task.ConfigureAwait(false);
    }

    private async Task ShutDownAsync(List<Task> pumps, Task[] workers)
    {
        ControllerLog.ShuttingDown(_logger);
        await _stopping.CancelAsync().ConfigureAwait(false);
        _queue.ShutDown();
        await Task.WhenAll(pumps).ConfigureAwait(false);

        var allWorkers = Task.WhenAll(workers);
        try
        {
            await allWorkers.WaitAsync(_options.GracefulShutdownTimeout, _options.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ControllerLog.GracefulShutdownTimedOut(_logger, _options.GracefulShutdownTimeout);
            await _reconcilesCancelled.CancelAsync().ConfigureAwait(false);
            await allWorkers.ConfigureAwait(false);
        }

        ControllerLog.AllWorkersFinished(_logger);
    }

    private async Task PumpAsync(IReconcileSource source)
    {
        try
        {
            await foreach (var request in source.RequestsAsync(_stopping.Token).ConfigureAwait(false))
            {
                _queue.Add(request);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            ControllerLog.SourceFailed(_logger, ex);
            Fail(ex);
        }
    }

    private async Task WorkAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            QueueItem<ReconcileRequest> item;
            try
            {
                item = await _queue.GetAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (item.IsShutDown)
            {
                return;
            }

            _metrics.ActiveWorkers.Inc();
            try
            {
                await ReconcileHandlerAsync(item.Value).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Only an unrecovered panic gets here.
                Fail(ex);
            }
            finally
            {
                _metrics.ActiveWorkers.Dec();
                _queue.Done(item.Value);
            }
        }
    }

    private async Task ReconcileHandlerAsync(ReconcileRequest request)
    {
        var objectRef = request.ToObjectRef(_options.Kind);
        var reconcileId = Guid.NewGuid().ToString();
        using var activity = RuntimeDiagnostics.ActivitySource.StartActivity(RuntimeDiagnostics.ReconcileActivityName);
        activity?.SetTag(RuntimeDiagnostics.ControllerTag, Name);
        activity?.SetTag(RuntimeDiagnostics.ObjectRefTag, objectRef);
        activity?.SetTag(RuntimeDiagnostics.ObjectReasonTag, request.Reason);
        activity?.SetTag(RuntimeDiagnostics.ReconcileIdTag, reconcileId);
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            [RuntimeDiagnostics.ObjectRefTag] = objectRef,
            [RuntimeDiagnostics.ObjectReasonTag] = request.Reason,
            ["namespace"] = request.Namespace,
            ["name"] = request.Name,
            ["reconcileID"] = reconcileId,
        });

        var started = _options.TimeProvider.GetTimestamp();
        string outcome;
        try
        {
            var result = await InvokeReconcilerAsync(request).ConfigureAwait(false);
            outcome = Apply(request, result);
        }
        catch (Exception ex)
        {
            outcome = Fail(request, ex, activity);
        }
        finally
        {
            _metrics.ReconcileTime.Observe(_options.TimeProvider.GetElapsedTime(started).TotalSeconds);
        }

        activity?.SetTag(RuntimeDiagnostics.ReconcileResultTag, outcome);
    }

    private async Task<ReconcileResult> InvokeReconcilerAsync(ReconcileRequest request)
    {
        if (_options.ReconciliationTimeout is not { } timeout)
        {
            return await _reconcile(request, _reconcilesCancelled.Token).ConfigureAwait(false);
        }

        using var timeoutCts = new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_reconcilesCancelled.Token, timeoutCts.Token);
        return await _reconcile(request, linked.Token).ConfigureAwait(false);
    }

    private string Apply(ReconcileRequest request, ReconcileResult result)
    {
        switch (result.Kind)
        {
            case ReconcileResultKind.RequeueAfter:
                ControllerLog.ReconcileRequeuedAfter(_logger, result.Delay);
                _queue.Forget(request);
                _queue.AddAfter(request.WithReason(ReconcileReasons.ReconcilerRequestedRetry), result.Delay);
                _metrics.Reconciled(ControllerMetricFamilies.Results.RequeueAfter);
                return ControllerMetricFamilies.Results.RequeueAfter;
            case ReconcileResultKind.Requeue:
                ControllerLog.ReconcileRequeued(_logger);
                _queue.AddRateLimited(request.WithReason(ReconcileReasons.ReconcilerRequestedRetry));
                _metrics.Reconciled(ControllerMetricFamilies.Results.Requeue);
                return ControllerMetricFamilies.Results.Requeue;
            default:
                ControllerLog.ReconcileSucceeded(_logger);
                _queue.Forget(request);
                _metrics.Reconciled(ControllerMetricFamilies.Results.Success);
                return ControllerMetricFamilies.Results.Success;
        }
    }

    private string Fail(ReconcileRequest request, Exception exception, Activity? activity)
    {
        if (_options.IsPanic(exception))
        {
            _metrics.Panics.Inc();
            ControllerLog.ObservedPanic(_logger, exception, exception.Message);
            if (!_options.RecoverPanic)
            {
                throw new InvalidOperationException($"panic in reconciler of controller {Name}: {exception.Message}", exception);
            }
        }

        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.AddException(exception);
        if (IsTerminal(exception))
        {
            ControllerLog.TerminalReconcilerError(_logger, exception);
            _metrics.TerminalErrors.Inc();
        }
        else
        {
            ControllerLog.ReconcilerError(_logger, exception);
            _queue.AddRateLimited(request.WithReason(ReconcileReasons.ErrorPolicyRequestedRetry));
        }

        _metrics.Errors.Inc();
        _metrics.Reconciled(ControllerMetricFamilies.Results.Error);
        return ControllerMetricFamilies.Results.Error;
    }

    // Like Go's errors.Is: a terminal error wrapped by another exception is still terminal.
    private static bool IsTerminal(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TerminalReconcileException)
            {
                return true;
            }
        }

        return false;
    }

    private void Fail(Exception exception)
    {
        Interlocked.CompareExchange(ref _fatal, exception, null);
        _stopping.Cancel();
    }
}
