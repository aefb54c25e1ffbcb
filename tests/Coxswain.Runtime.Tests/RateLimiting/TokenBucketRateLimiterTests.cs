using Coxswain.Runtime.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.RateLimiting;

public class TokenBucketRateLimiterTests
{
    [Fact]
    public void Lets_a_burst_through_then_spaces_retries_at_the_rate()
    {
        var clock = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter<int>(qps: 10, burst: 100, clock);

        var burst = Enumerable.Range(0, 100).Select(limiter.When).ToList();

        Assert.All(burst, d => Assert.Equal(TimeSpan.Zero, d));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When(100));
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.When(101));
    }

    [Fact]
    public void Refills_at_the_rate_up_to_the_burst()
    {
        var clock = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter<int>(qps: 10, burst: 5, clock);
        for (var i = 0; i < 5; i++)
        {
            limiter.When(i);
        }

        clock.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal([0, 0, 0, 100], Enumerable.Range(0, 4).Select(i => limiter.When(i).TotalMilliseconds));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, Enumerable.Range(0, 6).Count(i => limiter.When(i) == TimeSpan.Zero));
    }

    [Fact]
    public void Keeps_no_per_item_state()
    {
        var limiter = new TokenBucketRateLimiter<int>(qps: 1, burst: 1, new FakeTimeProvider());
        limiter.When(1);
        limiter.Forget(1);

        Assert.Equal(0, limiter.NumRequeues(1));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.When(1));
    }
}
