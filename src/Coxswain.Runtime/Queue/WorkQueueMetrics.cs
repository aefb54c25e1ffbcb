using Coxswain.Runtime.Observability;
using Prometheus;

namespace Coxswain.Runtime.Queue;

/// <summary>
/// Feeds controller-runtime's <c>workqueue_*</c> series for one queue. Remembers when each item was added (for the
/// queue-duration histogram) and when each in-flight item was started (for the work-duration histogram and the
/// unfinished-work gauges), exactly as client-go's <c>defaultQueueMetrics</c> does.
/// </summary>
public sealed class WorkQueueMetrics<T> : IWorkQueueMetrics<T> where T : notnull
{
    private readonly TimeProvider _time;
    private readonly Dictionary<T, long> _addedAt = new();
    private readonly Dictionary<T, long> _startedAt = new();
    private readonly Gauge.Child _depth;
    private readonly Counter.Child _adds;
    private readonly Histogram.Child _queueDuration;
    private readonly Histogram.Child _workDuration;
    private readonly Gauge.Child _unfinishedWork;
    private readonly Gauge.Child _longestRunning;
    private readonly Counter.Child _retries;

    /// <param name="families">Where to record.</param>
    /// <param name="name">The queue's name; controller-runtime names a controller's queue after the controller.</param>
    /// <param name="controller">The owning controller; defaults to <paramref name="name"/>.</param>
    /// <param name="timeProvider">Clock for the duration series.</param>
    public WorkQueueMetrics(WorkQueueMetricFamilies families, string name, string? controller = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _time = timeProvider ?? TimeProvider.System;
        controller ??= name;
        _depth = families.Depth.WithLabels(name, controller, string.Empty);
        _adds = families.Adds.WithLabels(name, controller);
        _queueDuration = families.QueueDuration.WithLabels(name, controller);
        _workDuration = families.WorkDuration.WithLabels(name, controller);
        _unfinishedWork = families.UnfinishedWork.WithLabels(name, controller);
        _longestRunning = families.LongestRunningProcessor.WithLabels(name, controller);
        _retries = families.Retries.WithLabels(name, controller);
    }

    public void Added(T item)
    {
        _adds.Inc();
        _depth.Inc();
        _addedAt.TryAdd(item, _time.GetTimestamp());
    }

    public void Started(T item)
    {
        var now = _time.GetTimestamp();
        _depth.Dec();
        if (_addedAt.Remove(item, out var addedAt))
        {
            _queueDuration.Observe(_time.GetElapsedTime(addedAt, now).TotalSeconds);
        }

        _startedAt[item] = now;
    }

    public void Finished(T item)
    {
        if (_startedAt.Remove(item, out var startedAt))
        {
            _workDuration.Observe(_time.GetElapsedTime(startedAt).TotalSeconds);
        }
    }

    public void Retried() => _retries.Inc();

    public void UpdateUnfinishedWork()
    {
        var now = _time.GetTimestamp();
        double total = 0;
        double longest = 0;
        foreach (var startedAt in _startedAt.Values)
        {
            var seconds = _time.GetElapsedTime(startedAt, now).TotalSeconds;
            total += seconds;
            longest = Math.Max(longest, seconds);
        }

        _unfinishedWork.Set(total);
        _longestRunning.Set(longest);
    }
}
