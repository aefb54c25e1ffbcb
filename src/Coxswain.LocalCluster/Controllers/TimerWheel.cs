namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// A hashed timing wheel: every timer of one controller loop (all simulated pods of all nodes, say) lives in one array of
/// slots, so scheduling and cancelling are O(1) and a hundred thousand pending timers cost no thread, task or OS timer.
/// The wheel is passive: its owner calls <see cref="CollectDue"/> and sleeps until <see cref="NextDue"/>.
/// Not thread-safe: only the owning loop touches it.
/// </summary>
public sealed class TimerWheel
{
    readonly TimeSpan tick;
    readonly DateTimeOffset origin;
    readonly List<ScheduledTimer>?[] slots;
    /// <summary>The last tick whose slot has been swept: everything due at or before it has fired.</summary>
    long sweptTick;
    int pending;

    public TimerWheel(DateTimeOffset now, TimeSpan tick, int slotCount = 1024)
    {
        if (tick <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(tick));
        this.tick = tick;
        origin = now;
        slots = new List<ScheduledTimer>?[slotCount];
    }

    /// <summary>Timers scheduled and not yet fired (cancelled ones count until their slot is swept).</summary>
    public int Count => pending;

    public ScheduledTimer Schedule(DateTimeOffset due, Action callback)
    {
        // Rounded up: a timer never fires before its due time. Due times in the past fire on the next sweep.
        var dueTick = Math.Max(TickCeiling(due), sweptTick + 1);
        var timer = new ScheduledTimer(dueTick, callback);
        var index = (int)(dueTick % slots.Length);
        (slots[index] ??= new List<ScheduledTimer>(4)).Add(timer);
        pending++;
        return timer;
    }

    /// <summary>
    /// Moves the wheel to <paramref name="now"/>, appending every live timer that is due, in due order. The owner runs them
    /// with <see cref="ScheduledTimer.Fire"/>, which skips timers cancelled by an earlier callback of the same batch.
    /// </summary>
    public void CollectDue(DateTimeOffset now, List<ScheduledTimer> due)
    {
        var target = TickFloor(now);
        if (target <= sweptTick) return;
        // After a long stall every slot is swept once; the due check below still only takes what is due.
        var steps = Math.Min(target - sweptTick, slots.Length);
        for (long i = 1; i <= steps; i++)
        {
            var slot = slots[(int)((sweptTick + i) % slots.Length)];
            if (slot is null || slot.Count == 0) continue;
            var kept = 0;
            for (var j = 0; j < slot.Count; j++)
            {
                var timer = slot[j];
                if (timer.IsCancelled) { pending--; continue; }
                if (timer.DueTick <= target)
                {
                    pending--;
                    due.Add(timer);
                    continue;
                }
                slot[kept++] = timer; // due on a later turn of the wheel
            }
            slot.RemoveRange(kept, slot.Count - kept);
        }
        sweptTick = target;
    }

    /// <summary>
    /// When the owner should next call <see cref="CollectDue"/>: the time of the nearest slot holding a timer (possibly one
    /// due on a later turn, which only costs a spurious wake-up), or null when nothing is pending.
    /// </summary>
    public DateTimeOffset? NextDue()
    {
        if (pending == 0) return null;
        for (long i = 1; i <= slots.Length; i++)
        {
            var t = sweptTick + i;
            if (slots[(int)(t % slots.Length)] is { Count: > 0 }) return origin + tick * t;
        }
        return origin + tick * (sweptTick + slots.Length);
    }

    long TickFloor(DateTimeOffset t) => (t - origin).Ticks / tick.Ticks;

    long TickCeiling(DateTimeOffset t)
    {
        var elapsed = (t - origin).Ticks;
        return elapsed <= 0 ? 0 : (elapsed + tick.Ticks - 1) / tick.Ticks;
    }
}

/// <summary>A timer in a <see cref="TimerWheel"/>; cancel it to keep its callback from running.</summary>
public sealed class ScheduledTimer
{
    internal ScheduledTimer(long dueTick, Action callback)
    {
        DueTick = dueTick;
        this.callback = callback;
    }

    internal long DueTick { get; }
    readonly Action callback;
    public bool IsCancelled { get; private set; }
    public bool HasFired { get; private set; }

    /// <summary>Cancelling is lazy (the entry is dropped when its slot is swept) and idempotent.</summary>
    public void Cancel() => IsCancelled = true;

    /// <summary>Runs the callback unless the timer was cancelled or has already run.</summary>
    public void Fire()
    {
        if (IsCancelled || HasFired) return;
        HasFired = true;
        callback();
    }
}
