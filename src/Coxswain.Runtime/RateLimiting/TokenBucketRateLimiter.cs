namespace Coxswain.Runtime.RateLimiting;

/// <summary>
/// An overall (not per-item) token bucket: <c>burst</c> retries may happen at once, after which retries are spaced at
/// <c>qps</c> per second (client-go's <c>TypedBucketRateLimiter</c> over <c>rate.Limiter</c>). Every call to
/// <see cref="When"/> reserves a token even when the bucket is empty, so waiting callers queue up behind each other
/// exactly as with Go's <c>Limiter.Reserve().Delay()</c>.
/// </summary>
public sealed class TokenBucketRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucketRateLimiter(double qps, int burst, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        Qps = qps;
        Burst = burst;
        _time = timeProvider ?? TimeProvider.System;
        // Go's limiter starts with a zero "last" time, so the first reservation sees a full bucket.
        _tokens = burst;
        _lastTimestamp = _time.GetTimestamp();
    }

    public double Qps { get; }

    public int Burst { get; }

    public TimeSpan When(T item)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_lastTimestamp, now);
            _tokens = Math.Min(Burst, _tokens + elapsed.TotalSeconds * Qps);
            _lastTimestamp = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / Qps);
        }
    }

    /// <summary>The bucket is shared by all items, so there is nothing per-item to forget.</summary>
    public void Forget(T item)
    {
    }

    /// <summary>The bucket does not count per-item requeues.</summary>
    public int NumRequeues(T item) => 0;
}
