namespace Coxswain.Runtime.Queue;

/// <summary>
/// A <see cref="WorkQueue{T}"/> with <see cref="AddAfter"/> (client-go's <c>delayingType</c>). Waiting items sit in a
/// min-heap by ready time, one timer is armed for the earliest of them, and each item waits at most once: adding it again
/// only ever moves its ready time earlier.
/// </summary>
public class DelayingWorkQueue<T> : WorkQueue<T>, IDelayingWorkQueue<T> where T : notnull
{
    private readonly Lock _waitingGate = new();

    // The heap has no decrease-key, so a re-scheduled item gets a fresh heap entry and the stale one is skipped when
    // popped: an entry is live only while it matches the item's ready time in _readyAt.
    private readonly PriorityQueue<T, long> _heap = new();
    private readonly Dictionary<T, long> _readyAt = new();
    private readonly ITimer _timer;
    private long _armGeneration;
    private bool _stopped;

    public DelayingWorkQueue(WorkQueueOptions? options = null)
        : base(options)
    {
        _timer = TimeProvider.CreateTimer(_ => AddReadyItems(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Number of items waiting for their delay to pass.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_waitingGate)
            {
                return _readyAt.Count;
            }
        }
    }

    public void AddAfter(T item, TimeSpan delay)
    {
        if (IsShuttingDown)
        {
            return;
        }

        Metrics.Retried();
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        var readyAt = TimeProvider.GetTimestamp() + ToTimestampTicks(delay);
        lock (_waitingGate)
        {
            if (_stopped || (_readyAt.TryGetValue(item, out var existing) && existing <= readyAt))
            {
                return;
            }

            _readyAt[item] = readyAt;
            _heap.Enqueue(item, readyAt);
        }

        ArmTimer();
    }

    protected override void OnShutDown()
    {
        lock (_waitingGate)
        {
            _stopped = true;
            _heap.Clear();
            _readyAt.Clear();
        }

        _timer.Dispose();
    }

    private void AddReadyItems()
    {
        List<T> ready = [];
        lock (_waitingGate)
        {
            if (_stopped)
            {
                return;
            }

            var now = TimeProvider.GetTimestamp();
            while (_heap.TryPeek(out var item, out var readyAt) && readyAt <= now)
            {
                _heap.Dequeue();
                if (_readyAt.TryGetValue(item, out var current) && current == readyAt)
                {
                    _readyAt.Remove(item);
                    ready.Add(item);
                }
            }
        }

        ArmTimer();

        // Outside the waiting lock: Add takes the queue lock, and the two locks are never held together.
        foreach (var item in ready)
        {
            Add(item);
        }
    }

    // Arms the timer for the earliest live item. The timer is never touched under _waitingGate, because a clock may
    // hold its own lock while running our callback, which takes _waitingGate. Without that lock two callers could
    // apply their due times out of order, so each one re-checks that no newer computation happened after its own and
    // otherwise recomputes: the last Change always carries the latest state of the heap.
    private void ArmTimer()
    {
        while (true)
        {
            TimeSpan due;
            long generation;
            lock (_waitingGate)
            {
                if (_stopped)
                {
                    return;
                }

                due = NextDue();
                generation = ++_armGeneration;
            }

            try
            {
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (Interlocked.Read(ref _armGeneration) == generation)
            {
                return;
            }
        }
    }

    // Callers hold _waitingGate. Stale heap heads are dropped first so the timer is armed for a live item.
    private TimeSpan NextDue()
    {
        while (_heap.TryPeek(out var item, out var readyAt)
               && !(_readyAt.TryGetValue(item, out var current) && current == readyAt))
        {
            _heap.Dequeue();
        }

        if (!_heap.TryPeek(out _, out var earliest))
        {
            return Timeout.InfiniteTimeSpan;
        }

        var due = TimeProvider.GetElapsedTime(TimeProvider.GetTimestamp(), earliest);
        // Never zero: an overdue item fires on the next tick rather than synchronously inside Change.
        return due > TimeSpan.Zero ? due : TimeSpan.FromTicks(1);
    }

    private long ToTimestampTicks(TimeSpan delay) =>
        (long)(delay.Ticks * ((double)TimeProvider.TimestampFrequency / TimeSpan.TicksPerSecond));
}
