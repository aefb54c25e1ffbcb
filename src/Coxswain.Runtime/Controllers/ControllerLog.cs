using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Controllers;

/// <summary>
/// The controller's log lines. Messages are controller-runtime's where it has one, so its troubleshooting advice
/// ("look for <c>Reconciler error</c>") applies unchanged. Per-reconcile lines run inside a scope carrying
/// <c>controller</c>, <c>object.ref</c>, <c>object.reason</c>, <c>namespace</c>, <c>name</c> and <c>reconcileID</c>.
/// </summary>
internal static partial class ControllerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Starting Controller")]
    public static partial void Starting(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Starting workers worker count={WorkerCount}")]
    public static partial void StartingWorkers(ILogger logger, int workerCount);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Shutdown signal received, waiting for all workers to finish")]
    public static partial void ShuttingDown(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "All workers finished")]
    public static partial void AllWorkersFinished(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "Workers still running after the graceful shutdown timeout of {Timeout}; cancelling in-flight reconciles")]
    public static partial void GracefulShutdownTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Could not wait for Cache to sync: timed out after {Timeout}")]
    public static partial void CacheSyncTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "Reconcile source failed; stopping the controller")]
    public static partial void SourceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Reconcile successful")]
    public static partial void ReconcileSucceeded(ILogger logger);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Reconcile done, requeueing")]
    public static partial void ReconcileRequeued(ILogger logger);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Reconcile done, requeueing after {Delay}")]
    public static partial void ReconcileRequeuedAfter(ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Reconciler error")]
    public static partial void ReconcilerError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Reconciler error (terminal, not requeued)")]
    public static partial void TerminalReconcilerError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Observed a panic in reconciler: {Message}")]
    public static partial void ObservedPanic(ILogger logger, Exception exception, string message);
}
