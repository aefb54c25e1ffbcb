namespace Coxswain.Runtime.Queue;

/// <summary>A delaying work queue whose retries are paced by a rate limiter (client-go's <c>TypedRateLimitingInterface</c>).</summary>
public interface IRateLimitingWorkQueue<T> : IDelayingWorkQueue<T> where T : notnull
{
    /// <summary>Adds <paramref name="item"/> after the delay the rate limiter assigns to its next failure.</summary>
    void AddRateLimited(T item);

    /// <summary>Tells the rate limiter that <paramref name="item"/> succeeded, resetting its backoff. Does not remove it from the queue.</summary>
    void Forget(T item);

    /// <summary>How many times <paramref name="item"/> has been rate-limited since it was last forgotten.</summary>
    int NumRequeues(T item);
}
