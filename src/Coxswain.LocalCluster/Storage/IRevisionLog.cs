namespace Coxswain.LocalCluster.Storage;

/// <summary>One row of the revision log, kine's shape: every write appends the key's new value under a new revision.</summary>
public sealed record RevisionRow(long Revision, string Key, bool Created, bool Deleted, long CreateRevision, long PreviousRevision, byte[] Value);

/// <summary>What the log holds when the store opens: the live value of every key and the revision counter.</summary>
public sealed record RevisionLogState(IReadOnlyList<RevisionRow> Live, long CurrentRevision, long CompactedRevision);

/// <summary>
/// The durable half of the store (kine's design as k3s uses it): an append-only table of revisions.
/// The store calls it from a single writer, so implementations need no locking of their own.
/// </summary>
public interface IRevisionLog : IDisposable
{
    RevisionLogState Load();

    /// <summary>Appends a batch atomically: either every row is durable when this returns, or it throws and none is.</summary>
    void Append(IReadOnlyList<RevisionRow> rows);

    /// <summary>Drops history at or below <paramref name="revision"/> that is no longer any key's live value.</summary>
    void Compact(long revision);
}

/// <summary>The in-memory log for tests and <c>--in-memory</c>: nothing survives the process, which is the point.</summary>
public sealed class MemoryRevisionLog : IRevisionLog
{
    public RevisionLogState Load() => new([], 0, 0);
    public void Append(IReadOnlyList<RevisionRow> rows) { }
    public void Compact(long revision) { }
    public void Dispose() { }
}
