using Coxswain.Runtime.Queue;
using Coxswain.Runtime.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.Queue;

public class RateLimitingWorkQueueTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Requeues_after_the_rate_limiter_delay_and_counts_requeues()
    {
        using var queue = new RateLimitingWorkQueue<string>(options: new WorkQueueOptions { TimeProvider = _clock });

        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        Assert.Equal(2, queue.NumRequeues("a"));
        _clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Count);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Forget_resets_the_backoff_of_the_item()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        using var queue = new RateLimitingWorkQueue<string>(limiter, new WorkQueueOptions { TimeProvider = _clock });
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        queue.Forget("a");

        Assert.Equal(0, queue.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.When("a"));
    }

    [Fact]
    public void Uses_the_default_controller_rate_limiter_when_none_is_given()
    {
        using var queue = new RateLimitingWorkQueue<string>();

        var limiter = Assert.IsType<MaxOfRateLimiter<string>>(queue.RateLimiter);
        var perItem = Assert.IsType<ItemExponentialFailureRateLimiter<string>>(limiter.Limiters[0]);
        var bucket = Assert.IsType<TokenBucketRateLimiter<string>>(limiter.Limiters[1]);
        Assert.Equal((TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)), (perItem.BaseDelay, perItem.MaxDelay));
        Assert.Equal((10.0, 100), (bucket.Qps, bucket.Burst));
    }
}
