using Coxswain.LocalCluster.Controllers;
using FsCheck;
using FsCheck.Fluent;

namespace Coxswain.LocalCluster.Tests.Nodes;

public sealed class TimerWheelTests
{
    static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void Timers_fire_in_due_order_never_early_and_once()
    {
        var wheel = new TimerWheel(Start, Tick, slotCount: 8);
        var fired = new List<string>();
        wheel.Schedule(Start.AddMilliseconds(35), () => fired.Add("35ms"));
        wheel.Schedule(Start.AddMilliseconds(5), () => fired.Add("5ms"));
        wheel.Schedule(Start.AddSeconds(1), () => fired.Add("1s, after many turns of the wheel"));

        Run(wheel, Start.AddMilliseconds(9));
        Assert.Empty(fired);
        Run(wheel, Start.AddMilliseconds(40));
        Assert.Equal(["5ms", "35ms"], fired);
        Run(wheel, Start.AddMilliseconds(999));
        Assert.Equal(2, fired.Count);
        Run(wheel, Start.AddSeconds(5));
        Assert.Equal(["5ms", "35ms", "1s, after many turns of the wheel"], fired);
        Assert.Equal(0, wheel.Count);
        Assert.Null(wheel.NextDue());
    }

    [Fact]
    public void A_cancelled_timer_does_not_fire_even_when_cancelled_by_a_timer_of_the_same_sweep()
    {
        var wheel = new TimerWheel(Start, Tick);
        var fired = new List<string>();
        ScheduledTimer? second = null;
        wheel.Schedule(Start.AddMilliseconds(10), () =>
        {
            fired.Add("first");
            second!.Cancel();
        });
        second = wheel.Schedule(Start.AddMilliseconds(20), () => fired.Add("second"));
        Run(wheel, Start.AddMilliseconds(50));
        Assert.Equal(["first"], fired);
    }

    [Fact]
    public void NextDue_points_at_the_earliest_slot_with_a_timer()
    {
        var wheel = new TimerWheel(Start, Tick);
        wheel.Schedule(Start.AddMilliseconds(95), () => { });
        wheel.Schedule(Start.AddMilliseconds(42), () => { });
        Assert.Equal(Start.AddMilliseconds(50), wheel.NextDue());
    }

    [Fact]
    public void Every_timer_fires_exactly_once_at_or_after_its_due_time_whatever_the_sweeps()
    {
        var dueTimes = Gen.Choose(0, 50_000).ListOf();
        var sweepSteps = Gen.Choose(1, 3_000).ListOf();
        Prop.ForAll(dueTimes.ToArbitrary(), sweepSteps.ToArbitrary(), (dues, steps) =>
        {
            var wheel = new TimerWheel(Start, Tick, slotCount: 16);
            var firedAt = new Dictionary<int, DateTimeOffset>();
            var now = Start;
            for (var i = 0; i < dues.Count; i++)
            {
                var id = i;
                wheel.Schedule(Start.AddMilliseconds(dues[i]), () => firedAt.Add(id, now));
            }
            foreach (var step in steps.Append(60_000))
            {
                now = now.AddMilliseconds(step);
                Run(wheel, now);
            }
            return firedAt.Count == dues.Count && firedAt.All(f => f.Value >= Start.AddMilliseconds(dues[f.Key]));
        }).QuickCheckThrowOnFailure();
    }

    static void Run(TimerWheel wheel, DateTimeOffset now)
    {
        var due = new List<ScheduledTimer>();
        wheel.CollectDue(now, due);
        foreach (var timer in due) timer.Fire();
    }
}
