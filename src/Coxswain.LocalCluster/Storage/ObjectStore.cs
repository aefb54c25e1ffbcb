using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Coxswain.LocalCluster.Storage;

/// <summary>
/// The local cluster's storage: a global revision counter, compare-and-swap writes, immutable snapshots for reads and
/// an event log for watches — etcd's contract, kept in memory and made durable through an <see cref="IRevisionLog"/>.
/// <para>
/// All writes go through one writer task that takes whatever is queued, checks each write against the state it builds up,
/// commits the batch in one transaction and only then publishes it. A write is acknowledged only once durable, readers never
/// see an uncommitted value, and the fsync cost is shared by every write that arrived together (group commit).
/// </para>
/// </summary>
public sealed class ObjectStore : IAsyncDisposable
{
    readonly IRevisionLog log;
    readonly Func<string, JsonObject, ObjectAttributes> attributesOf;
    readonly StoreOptions options;
    readonly TimeProvider time;
    readonly Channel<WriteOp> writes = Channel.CreateUnbounded<WriteOp>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task writer;
    readonly ITimer compactionTimer;
    readonly Queue<(long Revision, DateTimeOffset At)> checkpoints = new();
    readonly object snapshotCacheGate = new();
    readonly Dictionary<(string Bucket, long Revision), ImmutableSortedDictionary<string, StoredObject>> pastBuckets = new();
    volatile StoreSnapshot current;
    TaskCompletionSource changed = NewSignal();
    long compactedRevision;

    public EventLog Events { get; }

    /// <param name="attributesOf">Computes the selectable labels/fields of an object from its key and JSON (the API layer knows how).</param>
    public ObjectStore(IRevisionLog log, Func<string, JsonObject, ObjectAttributes> attributesOf, StoreOptions? options = null, TimeProvider? time = null)
    {
        this.log = log;
        this.attributesOf = attributesOf;
        this.options = options ?? new StoreOptions();
        this.time = time ?? TimeProvider.System;

        var state = log.Load();
        var buckets = new Dictionary<string, ImmutableSortedDictionary<string, StoredObject>.Builder>();
        foreach (var row in state.Live)
        {
            var obj = (JsonObject)JsonNode.Parse(row.Value)!;
            var stored = new StoredObject(row.Key, row.Revision, row.CreateRevision, row.Value, attributesOf(row.Key, obj));
            var bucket = BucketOf(row.Key);
            if (!buckets.TryGetValue(bucket, out var b)) buckets[bucket] = b = StoreSnapshot.EmptyBucket.ToBuilder();
            b[row.Key] = stored;
        }
        current = new StoreSnapshot(state.CurrentRevision,
            buckets.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutable(), StringComparer.Ordinal));
        compactedRevision = state.CompactedRevision;
        Events = new EventLog(state.CurrentRevision);
        writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        compactionTimer = this.time.CreateTimer(_ => _ = CompactExpiredAsync(), null, this.options.CompactionInterval, this.options.CompactionInterval);
    }

    /// <summary>"pods/default/web" → "pods": the bucket is everything before the first slash.</summary>
    public static string BucketOf(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? key : key[..slash];
    }

    public StoreSnapshot Current => current;
    public long CurrentRevision => current.Revision;

    /// <summary>The revision below which history is gone (watch/list from there → 410 Expired).</summary>
    public long OldestReachableRevision => Math.Max(Events.FirstRevision - 1, Volatile.Read(ref compactedRevision));

    public StoredObject? Get(string key) => current.Get(key);

    // ---- writes ---------------------------------------------------------------------------------------------------

    public Task<StoredObject> CreateAsync(string key, JsonObject obj) => Enqueue(new WriteOp(WriteKind.Create, key, 0, obj));

    /// <summary>Replaces the key's value if it is still at <paramref name="expectedRevision"/>.</summary>
    public Task<StoredObject> UpdateAsync(string key, long expectedRevision, JsonObject obj) =>
        Enqueue(new WriteOp(WriteKind.Update, key, expectedRevision, obj));

    /// <summary>Deletes the key if it is still at <paramref name="expectedRevision"/> (0 = whatever it is); returns the deleted value.</summary>
    public Task<StoredObject> DeleteAsync(string key, long expectedRevision = 0) =>
        Enqueue(new WriteOp(WriteKind.Delete, key, expectedRevision, null));

    Task<StoredObject> Enqueue(WriteOp op)
    {
        if (!writes.Writer.TryWrite(op)) throw new ObjectDisposedException(nameof(ObjectStore));
        return op.Done.Task;
    }

    async Task WriteLoop()
    {
        var batch = new List<WriteOp>();
        while (await writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < options.MaxBatch && writes.Reader.TryRead(out var op)) batch.Add(op);
            if (batch.Count > 0) Commit(batch);
        }
    }

    void Commit(List<WriteOp> batch)
    {
        var snapshot = current;
        var touched = new Dictionary<string, ImmutableSortedDictionary<string, StoredObject>.Builder>();
        var rows = new List<RevisionRow>(batch.Count);
        var events = new List<WatchEvent>(batch.Count);
        var accepted = new List<(WriteOp Op, StoredObject Result)>(batch.Count);
        var revision = snapshot.Revision;

        foreach (var op in batch)
        {
            if (op.Kind == WriteKind.Compact)
            {
                accepted.Add((op, null!));
                continue;
            }
            var bucketName = BucketOf(op.Key);
            if (!touched.TryGetValue(bucketName, out var bucket))
                touched[bucketName] = bucket = snapshot.Bucket(bucketName).ToBuilder();
            bucket.TryGetValue(op.Key, out var existing);
            try
            {
                StoredObject result;
                switch (op.Kind)
                {
                    case WriteKind.Create:
                        if (existing is not null) throw new KeyExistsException(op.Key);
                        // Stamp before taking the revision: a refused object must not leave a gap in the revision
                        // sequence, because the event log finds event r at offset r - FirstRevision.
                        result = Stamp(op.Key, revision + 1, revision + 1, op.Object!);
                        revision++;
                        rows.Add(new RevisionRow(revision, op.Key, true, false, revision, 0, result.Value));
                        events.Add(new WatchEvent(WatchEventType.Added, result, null));
                        bucket[op.Key] = result;
                        break;
                    case WriteKind.Update:
                        if (existing is null) throw new KeyNotFoundStorageException(op.Key);
                        if (existing.Revision != op.ExpectedRevision) throw new RevisionMismatchException(op.Key, existing);
                        result = Stamp(op.Key, revision + 1, existing.CreateRevision, op.Object!); // before revision++, as above
                        revision++;
                        rows.Add(new RevisionRow(revision, op.Key, false, false, existing.CreateRevision, existing.Revision, result.Value));
                        events.Add(new WatchEvent(WatchEventType.Modified, result, existing));
                        bucket[op.Key] = result;
                        break;
                    default:
                        if (existing is null) throw new KeyNotFoundStorageException(op.Key);
                        if (op.ExpectedRevision != 0 && existing.Revision != op.ExpectedRevision)
                            throw new RevisionMismatchException(op.Key, existing);
                        revision++;
                        // The DELETED event carries the last state stamped with the deletion's revision, as kube-apiserver sends it.
                        result = Stamp(op.Key, revision, existing.CreateRevision, existing.ToJsonObject(), existing.Attributes);
                        rows.Add(new RevisionRow(revision, op.Key, false, true, existing.CreateRevision, existing.Revision, result.Value));
                        events.Add(new WatchEvent(WatchEventType.Deleted, result, existing));
                        bucket.Remove(op.Key);
                        break;
                }
                accepted.Add((op, result));
            }
            catch (Exception e)
            {
                // Any failure to prepare one write (CAS refusal, unserializable object, an attributes function that
                // throws) fails that write alone: letting it escape would end the writer loop and hang every later write.
                op.Done.TrySetException(e);
            }
        }

        try
        {
            if (rows.Count > 0) log.Append(rows);
            foreach (var (op, _) in accepted)
                if (op.Kind == WriteKind.Compact) log.Compact(op.ExpectedRevision);
        }
        catch (Exception e)
        {
            // Nothing of this batch is published: the durable log and the visible state stay identical.
            foreach (var (op, _) in accepted) op.Done.TrySetException(new IOException($"storage write failed: {e.Message}", e));
            return;
        }

        if (rows.Count > 0)
        {
            var buckets = snapshot.Buckets.ToBuilder();
            foreach (var (name, b) in touched) buckets[name] = b.ToImmutable();
            // Events first: anyone who sees the new revision must find its events in the log.
            Events.Append(events);
            current = new StoreSnapshot(revision, buckets.ToImmutable());
            var signal = Interlocked.Exchange(ref changed, NewSignal());
            signal.TrySetResult();
        }
        foreach (var (op, result) in accepted) op.Done.TrySetResult(result);
    }

    StoredObject Stamp(string key, long revision, long createRevision, JsonObject obj, ObjectAttributes? attributes = null)
    {
        var metadata = obj["metadata"] as JsonObject ?? throw new JsonException("object has no metadata");
        metadata["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(obj);
        return new StoredObject(key, revision, createRevision, bytes, attributes ?? attributesOf(key, obj));
    }

    // ---- reads of the past --------------------------------------------------------------------------------------

    /// <summary>
    /// The bucket as it was at <paramref name="revision"/>, rebuilt by undoing newer events from the log (and cached, since a
    /// paged list asks for the same revision once per page). Throws <see cref="RevisionCompactedException"/> beyond the history.
    /// </summary>
    public ImmutableSortedDictionary<string, StoredObject> BucketAt(string bucket, long revision)
    {
        var snapshot = current;
        if (revision >= snapshot.Revision) return snapshot.Bucket(bucket);
        if (revision < OldestReachableRevision) throw new RevisionCompactedException(revision, OldestReachableRevision);
        lock (snapshotCacheGate)
        {
            if (pastBuckets.TryGetValue((bucket, revision), out var cached)) return cached;
        }
        var newer = new List<WatchEvent>();
        Events.ReadAfter(revision, int.MaxValue, newer);
        var builder = snapshot.Bucket(bucket).ToBuilder();
        for (var i = newer.Count - 1; i >= 0; i--)
        {
            var e = newer[i];
            if (e.Revision > snapshot.Revision || BucketOf(e.Object.Key) != bucket) continue;
            if (e.Previous is null) builder.Remove(e.Object.Key);
            else builder[e.Object.Key] = e.Previous;
        }
        var past = builder.ToImmutable();
        lock (snapshotCacheGate)
        {
            if (pastBuckets.Count > 64) pastBuckets.Clear();
            pastBuckets[(bucket, revision)] = past;
        }
        return past;
    }

    /// <summary>Completes when the store's revision exceeds <paramref name="revision"/> or the token is cancelled.</summary>
    public async Task WaitForRevisionAfterAsync(long revision, CancellationToken ct)
    {
        while (current.Revision <= revision)
        {
            var signal = Volatile.Read(ref changed).Task;
            if (current.Revision > revision) return;
            await signal.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    // ---- compaction ---------------------------------------------------------------------------------------------

    /// <summary>Forgets history at or below <paramref name="revision"/>, as etcd compaction does (tests force it).</summary>
    public async Task CompactAsync(long revision)
    {
        revision = Math.Min(revision, current.Revision);
        var op = new WriteOp(WriteKind.Compact, "", revision, null);
        await Enqueue(op).ConfigureAwait(false);
        Events.DropThrough(revision);
        InterlockedMax(ref compactedRevision, revision);
        lock (snapshotCacheGate) pastBuckets.Clear();
    }

    static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    async Task CompactExpiredAsync()
    {
        try
        {
            var now = time.GetUtcNow();
            long compactTo = 0;
            lock (checkpoints)
            {
                checkpoints.Enqueue((current.Revision, now));
                while (checkpoints.Count > 0 && now - checkpoints.Peek().At >= options.CompactionWindow)
                    compactTo = checkpoints.Dequeue().Revision;
            }
            if (compactTo > OldestReachableRevision) await CompactAsync(compactTo).ConfigureAwait(false);
        }
        catch (ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await compactionTimer.DisposeAsync().ConfigureAwait(false);
        writes.Writer.TryComplete();
        await writer.ConfigureAwait(false);
        log.Dispose();
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    enum WriteKind { Create, Update, Delete, Compact }

    sealed class WriteOp(WriteKind kind, string key, long expectedRevision, JsonObject? obj)
    {
        public WriteKind Kind { get; } = kind;
        public string Key { get; } = key;
        public long ExpectedRevision { get; } = expectedRevision;
        public JsonObject? Object { get; } = obj;
        public TaskCompletionSource<StoredObject> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
