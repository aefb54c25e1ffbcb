using Coxswain.Runtime.RateLimiting;

namespace Coxswain.Runtime.Queue;

/// <summary>
/// A <see cref="DelayingWorkQueue{T}"/> paced by an <see cref="IRateLimiter{T}"/>, by default client-go's controller
/// limiter (<see cref="RateLimiters.DefaultController{T}"/>).
/// </summary>
public class RateLimitingWorkQueue<T> : DelayingWorkQueue<T>, IRateLimitingWorkQueue<T> where T : notnull
{
    public RateLimitingWorkQueue(IRateLimiter<T>? rateLimiter = null, WorkQueueOptions? options = null)
        : base(options)
    {
        RateLimiter = rateLimiter ?? RateLimiters.DefaultController<T>(TimeProvider);
    }

    public IRateLimiter<T> RateLimiter { get; }

    public void AddRateLimited(T item) => AddAfter(item, RateLimiter.When(item));

    public void Forget(T item) => RateLimiter.Forget(item);

    public int NumRequeues(T item) => RateLimiter.NumRequeues(item);
}
