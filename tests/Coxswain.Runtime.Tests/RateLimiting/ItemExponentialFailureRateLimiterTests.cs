using Coxswain.Runtime.RateLimiting;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.Runtime.Tests.RateLimiting;

public class ItemExponentialFailureRateLimiterTests
{
    [Fact]
    public void Doubles_from_the_base_delay_for_each_failure_of_the_same_item()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        Assert.Equal(
            [5, 10, 20, 40, 80],
            Enumerable.Range(0, 5).Select(_ => limiter.When("a").TotalMilliseconds));
        Assert.Equal(5, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("b"));
    }

    [Fact]
    public void Caps_at_the_max_delay_even_after_a_very_long_failure_streak()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        var delays = Enumerable.Range(0, 200).Select(_ => limiter.When("a")).ToList();

        // 5 ms * 2^17 = 655 s is the last uncapped value; 2^18 would be 1310 s.
        Assert.Equal(TimeSpan.FromMilliseconds(5 * Math.Pow(2, 17)), delays[17]);
        Assert.All(delays.Skip(18), d => Assert.Equal(TimeSpan.FromSeconds(1000), d));
    }

    [Fact]
    public void Forget_restarts_the_backoff()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");

        limiter.Forget("a");

        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
    }

    [Property]
    public Property Nth_failure_waits_base_times_two_to_the_n_minus_one_capped(PositiveInt failures, PositiveInt baseMs, PositiveInt maxFactor)
    {
        var baseDelay = TimeSpan.FromMilliseconds(baseMs.Get % 1000);
        var maxDelay = baseDelay * (1 + (maxFactor.Get % 5000));
        var limiter = new ItemExponentialFailureRateLimiter<int>(baseDelay, maxDelay);
        var n = failures.Get % 80;

        TimeSpan last = TimeSpan.Zero;
        for (var i = 0; i <= n; i++)
        {
            last = limiter.When(1);
        }

        var expected = baseDelay.Ticks * Math.Pow(2, n) >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)(baseDelay.Ticks * Math.Pow(2, n)));
        return (last == expected && limiter.NumRequeues(1) == n + 1).Label($"n={n} got {last} expected {expected}");
    }
}
