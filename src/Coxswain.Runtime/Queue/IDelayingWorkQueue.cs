namespace Coxswain.Runtime.Queue;

/// <summary>A work queue that can also add an item later (client-go's <c>TypedDelayingInterface</c>).</summary>
public interface IDelayingWorkQueue<T> : IWorkQueue<T> where T : notnull
{
    /// <summary>
    /// Adds <paramref name="item"/> once <paramref name="delay"/> has passed (at once if it is zero or negative). An item
    /// already waiting keeps the earlier of its two ready times. Counts as a retry in <c>workqueue_retries_total</c>.
    /// </summary>
    void AddAfter(T item, TimeSpan delay);
}
