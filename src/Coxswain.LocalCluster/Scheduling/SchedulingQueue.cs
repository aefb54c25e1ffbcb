using Coxswain.LocalCluster.Controllers;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>
/// kube-scheduler's queue of pending pods: an active queue ordered by priority then arrival; pods that failed wait in the
/// unschedulable set until something in the cluster changes (a node appears or changes, a pod frees resources) or
/// <see cref="SchedulerOptions.MaxInUnschedulable"/> passes, and even then not before their back-off (1s doubling to 10s)
/// has run out. Loop-thread only.
/// </summary>
public sealed class SchedulingQueue(ControllerLoop loop, SchedulerOptions options)
{
    enum State { Active, BackingOff, Unschedulable, InFlight }

    sealed class Entry(long priority)
    {
        public long Priority { get; set; } = priority;
        public State State { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset FailedAt { get; set; }
        /// <summary>Bumped on every (re)activation, so stale heap entries are recognised and skipped.</summary>
        public long Ticket { get; set; }
        public ScheduledTimer? BackoffTimer { get; set; }
    }

    readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    readonly PriorityQueue<string, (long NegativePriority, long Ticket)> active = new();
    long tickets;

    /// <summary>Called whenever a pod becomes ready to be scheduled.</summary>
    public Action? Activated { get; set; }

    public int Count => entries.Count;

    public bool HasActive => active.Count > 0;

    /// <summary>A new pending pod, or an update that may make a failed one schedulable.</summary>
    public void Add(string key, long priority)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            entries[key] = entry = new Entry(priority);
            Activate(key, entry);
            return;
        }
        entry.Priority = priority;
        if (entry.State == State.Unschedulable) MoveOut(key, entry);
    }

    public bool TryPop(out string key)
    {
        while (active.TryDequeue(out key!, out var order))
        {
            if (entries.TryGetValue(key, out var entry) && entry.State == State.Active && entry.Ticket == order.Ticket)
            {
                entry.State = State.InFlight;
                return true;
            }
        }
        return false;
    }

    public void Remove(string key)
    {
        if (entries.Remove(key, out var entry)) entry.BackoffTimer?.Cancel();
    }

    /// <summary>The attempt found no node: wait for a cluster change.</summary>
    public void MarkUnschedulable(string key)
    {
        if (!entries.TryGetValue(key, out var entry)) return;
        entry.Attempts++;
        entry.FailedAt = loop.Now;
        entry.State = State.Unschedulable;
    }

    /// <summary>The attempt failed for another reason (the binding write): retry after the back-off.</summary>
    public void Retry(string key)
    {
        if (!entries.TryGetValue(key, out var entry)) return;
        entry.Attempts++;
        entry.FailedAt = loop.Now;
        MoveOut(key, entry);
    }

    /// <summary>Something changed that may let unschedulable pods fit now.</summary>
    public void MoveAllUnschedulable()
    {
        foreach (var (key, entry) in entries)
            if (entry.State == State.Unschedulable) MoveOut(key, entry);
    }

    /// <summary>Retries pods that have been unschedulable longer than the maximum, whatever happened meanwhile.</summary>
    public void FlushLongUnschedulable()
    {
        var now = loop.Now;
        foreach (var (key, entry) in entries)
            if (entry.State == State.Unschedulable && now - entry.FailedAt >= options.MaxInUnschedulable) MoveOut(key, entry);
    }

    void MoveOut(string key, Entry entry)
    {
        var backoffEnds = entry.FailedAt + Backoff(entry.Attempts);
        if (backoffEnds <= loop.Now)
        {
            Activate(key, entry);
            return;
        }
        entry.State = State.BackingOff;
        entry.BackoffTimer?.Cancel();
        entry.BackoffTimer = loop.At(backoffEnds, () =>
        {
            if (entries.TryGetValue(key, out var current) && current == entry && entry.State == State.BackingOff) Activate(key, entry);
        });
    }

    void Activate(string key, Entry entry)
    {
        entry.State = State.Active;
        entry.Ticket = ++tickets;
        active.Enqueue(key, (-entry.Priority, entry.Ticket));
        Activated?.Invoke();
    }

    TimeSpan Backoff(int attempts)
    {
        if (attempts <= 0) return TimeSpan.Zero;
        var backoff = options.PodInitialBackoff;
        for (var i = 1; i < attempts && backoff < options.PodMaxBackoff; i++) backoff *= 2;
        return backoff > options.PodMaxBackoff ? options.PodMaxBackoff : backoff;
    }
}
