namespace Coxswain.Runtime.Queue;

/// <summary>
/// A de-duplicating FIFO work queue with client-go's guarantees (<c>workqueue.TypedInterface</c>):
/// <list type="bullet">
/// <item>an item added several times before a worker takes it is processed once;</item>
/// <item>an item is never handed to two workers at once: re-added while being processed, it is handed out again only
/// after <see cref="Done"/>;</item>
/// <item>after <see cref="ShutDown"/> new adds are ignored, while already queued items are still handed out until the
/// queue is empty, and then <see cref="GetAsync"/> reports the shutdown.</item>
/// </list>
/// </summary>
public interface IWorkQueue<T> where T : notnull
{
    /// <summary>Number of items waiting to be handed out (not counting those being processed).</summary>
    int Count { get; }

    /// <summary>Whether <see cref="ShutDown"/> has been called.</summary>
    bool IsShuttingDown { get; }

    /// <summary>Marks <paramref name="item"/> as needing processing.</summary>
    void Add(T item);

    /// <summary>
    /// Waits for an item and marks it as being processed; the caller must call <see cref="Done"/> when finished.
    /// Returns an item with <see cref="QueueItem{T}.IsShutDown"/> set once the queue is shut down and empty.
    /// </summary>
    ValueTask<QueueItem<T>> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks <paramref name="item"/> as processed; if it was re-added meanwhile it is queued again.</summary>
    void Done(T item);

    /// <summary>Stops accepting items and wakes every waiting worker.</summary>
    void ShutDown();

    /// <summary>Like <see cref="ShutDown"/>, then waits until every item handed out so far has been marked <see cref="Done"/>.</summary>
    Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default);
}
