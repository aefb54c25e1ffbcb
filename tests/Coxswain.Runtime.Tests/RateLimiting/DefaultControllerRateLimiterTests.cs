using Coxswain.Runtime.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.RateLimiting;

public class DefaultControllerRateLimiterTests
{
    [Fact]
    public void Per_item_backoff_dominates_for_a_single_failing_item()
    {
        var limiter = RateLimiters.DefaultController<string>(new FakeTimeProvider());

        Assert.Equal(
            [5, 10, 20, 40],
            Enumerable.Range(0, 4).Select(_ => limiter.When("a").TotalMilliseconds));
        Assert.Equal(4, limiter.NumRequeues("a"));
    }

    [Fact]
    public void The_overall_bucket_dominates_once_a_storm_of_items_exhausts_the_burst_of_one_hundred()
    {
        var limiter = RateLimiters.DefaultController<int>(new FakeTimeProvider());

        var delays = Enumerable.Range(0, 102).Select(limiter.When).ToList();

        Assert.All(delays.Take(100), d => Assert.Equal(TimeSpan.FromMilliseconds(5), d));
        Assert.Equal(TimeSpan.FromMilliseconds(100), delays[100]);
        Assert.Equal(TimeSpan.FromMilliseconds(200), delays[101]);
    }

    [Fact]
    public void Forget_resets_every_combined_limiter()
    {
        var limiter = RateLimiters.DefaultController<string>(new FakeTimeProvider());
        limiter.When("a");
        limiter.When("a");

        limiter.Forget("a");

        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
    }

    [Fact]
    public void Caps_a_single_item_at_one_thousand_seconds()
    {
        var limiter = RateLimiters.DefaultController<string>(new FakeTimeProvider());

        var last = Enumerable.Range(0, 30).Select(_ => limiter.When("a")).ToList()[^1];

        Assert.Equal(TimeSpan.FromSeconds(1000), last);
    }
}
