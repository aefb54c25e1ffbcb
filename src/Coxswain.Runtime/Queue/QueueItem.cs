namespace Coxswain.Runtime.Queue;

/// <summary>What <see cref="IWorkQueue{T}.GetAsync"/> returns: an item to process, or the news that the queue is shut down.</summary>
public readonly record struct QueueItem<T>(T Value, bool IsShutDown)
{
    internal static QueueItem<T> ShutDown => new(default!, true);
}
