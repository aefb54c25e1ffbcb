namespace Coxswain.Runtime.RateLimiting;

/// <summary>
/// Combines limiters by taking the longest wait any of them asks for (client-go's <c>TypedMaxOfRateLimiter</c>).
/// Every limiter is consulted on each call so that each one's own state (failure counts, tokens) stays accurate.
/// </summary>
public sealed class MaxOfRateLimiter<T> : IRateLimiter<T> where T : notnull
{
    private readonly IRateLimiter<T>[] _limiters;

    public MaxOfRateLimiter(params IRateLimiter<T>[] limiters)
    {
        ArgumentOutOfRangeException.ThrowIfZero(limiters.Length);
        _limiters = limiters;
    }

    public IReadOnlyList<IRateLimiter<T>> Limiters => _limiters;

    public TimeSpan When(T item)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in _limiters)
        {
            var wait = limiter.When(item);
            if (wait > longest)
            {
                longest = wait;
            }
        }

        return longest;
    }

    public void Forget(T item)
    {
        foreach (var limiter in _limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(T item)
    {
        var most = 0;
        foreach (var limiter in _limiters)
        {
            most = Math.Max(most, limiter.NumRequeues(item));
        }

        return most;
    }
}
