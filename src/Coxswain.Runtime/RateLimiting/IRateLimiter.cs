namespace Coxswain.Runtime.RateLimiting;

/// <summary>
/// Decides how long an item must wait before it is retried (client-go's <c>workqueue.TypedRateLimiter</c>).
/// Implementations are thread-safe.
/// </summary>
public interface IRateLimiter<in T> where T : notnull
{
    /// <summary>Records one more failure of <paramref name="item"/> and returns how long to wait before retrying it.</summary>
    TimeSpan When(T item);

    /// <summary>Stops tracking <paramref name="item"/>: its next failure starts the backoff from scratch.</summary>
    void Forget(T item);

    /// <summary>How many times <paramref name="item"/> has been requeued through this limiter since it was last forgotten.</summary>
    int NumRequeues(T item);
}
