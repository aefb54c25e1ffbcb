namespace Coxswain.Runtime.Queue;

/// <summary>
/// Observes a work queue's life cycle (client-go's <c>queueMetrics</c>). The queue calls every member except
/// <see cref="Retried"/> while holding its own lock, so implementations need no locking of their own for those.
/// </summary>
public interface IWorkQueueMetrics<in T> where T : notnull
{
    /// <summary>A new (not de-duplicated) item entered the queue.</summary>
    void Added(T item);

    /// <summary>An item was handed to a worker.</summary>
    void Started(T item);

    /// <summary>A worker finished an item.</summary>
    void Finished(T item);

    /// <summary>An item was scheduled for a delayed retry. May be called without the queue lock.</summary>
    void Retried();

    /// <summary>Refreshes the gauges that describe work still in progress.</summary>
    void UpdateUnfinishedWork();
}
