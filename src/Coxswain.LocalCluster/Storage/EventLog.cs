namespace Coxswain.LocalCluster.Storage;

/// <summary>
/// The recent history of committed changes, indexed by revision. Every revision is exactly one event, so event r sits at
/// offset r - <see cref="FirstRevision"/>: watchers resume from any retained revision in O(1).
/// Appends come from the store's single writer; reads may come from any thread.
/// </summary>
public sealed class EventLog
{
    readonly object gate = new();
    WatchEvent[] ring = new WatchEvent[1024];
    int head;        // index of FirstRevision's event in the ring
    int count;
    long firstRevision;

    public EventLog(long startRevision) => firstRevision = startRevision + 1;

    /// <summary>The oldest revision still held; watching from below <c>FirstRevision - 1</c> means the history is gone.</summary>
    public long FirstRevision { get { lock (gate) return firstRevision; } }

    public void Append(IReadOnlyList<WatchEvent> events)
    {
        lock (gate)
        {
            foreach (var e in events)
            {
                if (count == ring.Length) Grow();
                ring[(head + count) % ring.Length] = e;
                count++;
            }
        }
    }

    void Grow()
    {
        var bigger = new WatchEvent[ring.Length * 2];
        for (var i = 0; i < count; i++) bigger[i] = ring[(head + i) % ring.Length];
        ring = bigger;
        head = 0;
    }

    /// <summary>Drops events at or below <paramref name="revision"/>.</summary>
    public void DropThrough(long revision)
    {
        lock (gate)
        {
            while (count > 0 && firstRevision <= revision)
            {
                ring[head] = null!;
                head = (head + 1) % ring.Length;
                count--;
                firstRevision++;
            }
            if (count == 0 && firstRevision <= revision) firstRevision = revision + 1;
        }
    }

    /// <summary>
    /// Copies up to <paramref name="max"/> events with revision greater than <paramref name="afterRevision"/> into
    /// <paramref name="into"/>. Throws <see cref="RevisionCompactedException"/> when that history has been dropped.
    /// </summary>
    public void ReadAfter(long afterRevision, int max, List<WatchEvent> into)
    {
        lock (gate)
        {
            if (afterRevision < firstRevision - 1) throw new RevisionCompactedException(afterRevision, firstRevision - 1);
            var offset = afterRevision + 1 - firstRevision;
            for (var i = offset; i < count && into.Count < max; i++)
                into.Add(ring[(head + (int)i) % ring.Length]);
        }
    }
}
