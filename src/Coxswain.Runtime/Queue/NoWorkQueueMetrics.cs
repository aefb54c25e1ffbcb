namespace Coxswain.Runtime.Queue;

/// <summary>Metrics for unnamed queues: client-go records nothing for a queue without a name, and neither do we.</summary>
internal sealed class NoWorkQueueMetrics<T> : IWorkQueueMetrics<T> where T : notnull
{
    public static readonly NoWorkQueueMetrics<T> Instance = new();

    public void Added(T item)
    {
    }

    public void Started(T item)
    {
    }

    public void Finished(T item)
    {
    }

    public void Retried()
    {
    }

    public void UpdateUnfinishedWork()
    {
    }
}
