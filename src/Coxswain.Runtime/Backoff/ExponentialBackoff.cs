namespace Coxswain.Runtime.Backoff;

/// <summary>
/// Exponential backoff with additive jitter and a reset timer — kube-rs's <c>DefaultBackoff</c>, itself client-go's
/// reflector backoff: 800 ms doubling up to 30 s, plus a random extra of up to the initial delay so that many watchers
/// failing together (an API server restart) do not retry in lock-step, and forgotten once no retry was needed for
/// 120 s. Never returns zero, so a watcher using it can never hot-loop.
/// </summary>
public sealed class ExponentialBackoff : IBackoff
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private TimeSpan _current;
    private long? _lastDelayAt;

    public ExponentialBackoff(
        TimeSpan? initial = null,
        TimeSpan? max = null,
        double factor = 2,
        bool jitter = true,
        TimeSpan? resetAfter = null,
        TimeProvider? timeProvider = null,
        Random? random = null)
    {
        Initial = initial ?? TimeSpan.FromMilliseconds(800);
        Max = max ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Initial, TimeSpan.Zero, nameof(initial));
        ArgumentOutOfRangeException.ThrowIfLessThan(Max, Initial, nameof(max));
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        Factor = factor;
        Jitter = jitter;
        ResetAfter = resetAfter ?? TimeSpan.FromSeconds(120);
        _time = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _current = Initial;
    }

    public TimeSpan Initial { get; }

    public TimeSpan Max { get; }

    public double Factor { get; }

    public bool Jitter { get; }

    public TimeSpan ResetAfter { get; }

    public TimeSpan NextDelay()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_lastDelayAt is { } last && _time.GetElapsedTime(last, now) > ResetAfter)
            {
                _current = Initial;
            }

            _lastDelayAt = now;
            var delay = _current;
            _current = TimeSpan.FromTicks((long)Math.Min(_current.Ticks * Factor, Max.Ticks));
            return Jitter ? delay + (Initial * _random.NextDouble()) : delay;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _current = Initial;
            _lastDelayAt = null;
        }
    }
}
