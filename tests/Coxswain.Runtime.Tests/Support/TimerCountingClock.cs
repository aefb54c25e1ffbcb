using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the timers created on it. Code under test that waits with
/// <c>Task.Delay(delay, clock)</c> creates one timer per wait, so a test can advance the clock only once the code is
/// actually waiting — otherwise an advance made while it is still busy would be lost and the test would race.
/// </summary>
internal sealed class TimerCountingClock : FakeTimeProvider
{
    private int _timersCreated;

    public TimerCountingClock()
        : base(DateTimeOffset.UtcNow)
    {
    }

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timersCreated);
        return timer;
    }
}
