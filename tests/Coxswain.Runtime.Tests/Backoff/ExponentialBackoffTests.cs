using Coxswain.Runtime.Backoff;
using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.Backoff;

public class ExponentialBackoffTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Doubles_from_800_ms_to_a_30_second_cap_without_jitter()
    {
        var backoff = new ExponentialBackoff(jitter: false, timeProvider: _clock);

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.NextDelay().TotalMilliseconds).ToList();

        Assert.Equal([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000], delays);
    }

    [Fact]
    public void Jitter_adds_up_to_the_initial_delay()
    {
        var backoff = new ExponentialBackoff(timeProvider: _clock, random: new Random(42));

        for (var i = 0; i < 50; i++)
        {
            var delay = backoff.NextDelay();
            var floor = TimeSpan.FromMilliseconds(Math.Min(800 * Math.Pow(2, i), 30000));
            Assert.InRange(delay, floor, floor + TimeSpan.FromMilliseconds(800));
        }
    }

    [Fact]
    public void Starts_over_after_two_quiet_minutes_or_an_explicit_reset()
    {
        var backoff = new ExponentialBackoff(jitter: false, timeProvider: _clock);
        backoff.NextDelay();
        backoff.NextDelay();

        _clock.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(TimeSpan.FromMilliseconds(800), backoff.NextDelay());

        backoff.NextDelay();
        backoff.Reset();
        Assert.Equal(TimeSpan.FromMilliseconds(800), backoff.NextDelay());
    }
}
