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
            ArmTimer();
        }
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

            ArmTimer();
        }

        // Outside the waiting lock: Add takes the queue lock, and the two locks are never held together.
        foreach (var item in ready)
        {
            Add(item);
        }
    }

    // Callers hold _waitingGate. Stale heap heads are dropped first so the timer is armed for a live item.
    private void ArmTimer()
    {
        while (_heap.TryPeek(out var item, out var readyAt)
               && !(_readyAt.TryGetValue(item, out var current) && current == readyAt))
        {
            _heap.Dequeue();
        }

        if (!_heap.TryPeek(out _, out var earliest))
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = TimeProvider.GetElapsedTime(TimeProvider.GetTimestamp(), earliest);
        // Never arm with zero: some clocks fire a zero-due timer synchronously, which would re-enter this lock.
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
    }

    private long ToTimestampTicks(TimeSpan delay) =>
        (long)(delay.Ticks * ((double)TimeProvider.TimestampFrequency / TimeSpan.TicksPerSecond));
}
