namespace Coxswain.Runtime.RateLimiting;

/// <summary>Ready-made rate limiters.</summary>
public static class RateLimiters
{
    /// <summary>First per-item retry delay of the default controller rate limiter.</summary>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(5);

    /// <summary>Cap of the per-item retry delay of the default controller rate limiter.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(1000);

    /// <summary>Overall retry rate of the default controller rate limiter, in retries per second.</summary>
    public const double DefaultQps = 10;

    /// <summary>Overall retry burst of the default controller rate limiter.</summary>
    public const int DefaultBurst = 100;

    /// <summary>
    /// client-go's <c>DefaultTypedControllerRateLimiter</c>: the slower of a per-item exponential backoff (5 ms doubling
    /// up to 1000 s) and an overall token bucket (10 qps, burst 100) that keeps a storm of failing items from
    /// hammering the API server.
    /// </summary>
    public static IRateLimiter<T> DefaultController<T>(TimeProvider? timeProvider = null) where T : notnull =>
        new MaxOfRateLimiter<T>(
            new ItemExponentialFailureRateLimiter<T>(DefaultBaseDelay, DefaultMaxDelay),
            new TokenBucketRateLimiter<T>(DefaultQps, DefaultBurst, timeProvider));
}
