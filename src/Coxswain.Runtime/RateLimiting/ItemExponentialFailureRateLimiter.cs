namespace Coxswain.Runtime.RateLimiting;

/// <summary>
/// Per-item exponential backoff: the n-th consecutive failure of an item waits <c>baseDelay * 2^(n-1)</c>, capped at
/// <c>maxDelay</c> (client-go's <c>ItemExponentialFailureRateLimiter</c>). <see cref="Forget"/> resets the item.
/// </summary>
public sealed class ItemExponentialFailureRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<T, int> _failures = new();

    public ItemExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    public TimeSpan When(T item)
    {
        int exponent;
        lock (_gate)
        {
            _failures.TryGetValue(item, out exponent);
            _failures[item] = exponent + 1;
        }

        // Computed in floating point so that a long failure streak saturates at MaxDelay instead of overflowing.
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item)
    {
        lock (_gate)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}
