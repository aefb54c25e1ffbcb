using Coxswain.LocalCluster.Storage;
using static Coxswain.LocalCluster.Tests.Storage.StoreTestKit;

namespace Coxswain.LocalCluster.Tests.Storage;

/// <summary>The kine-style SQLite log: every acknowledged write survives a restart and the revision counter only moves forward.</summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    readonly TemporaryDirectory dir = new();
    string DbPath => dir.File("state.db");

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_reopened_store_finds_every_acknowledged_write()
    {
        await using (var store = Sqlite(DbPath))
        {
            var a = await store.CreateAsync("cm/ns/a", Obj("a", 1));
            await store.UpdateAsync("cm/ns/a", a.Revision, Obj("a", 2));
            await store.CreateAsync("cm/ns/b", Obj("b", 1));
            await store.CreateAsync("pods/ns/p", Obj("p", 1));
            await store.DeleteAsync("cm/ns/b");
        }

        await using (var reopened = Sqlite(DbPath))
        {
            Assert.Equal(5, reopened.CurrentRevision);
            Assert.Equal(["cm/ns/a"], reopened.Current.Bucket("cm").Keys);
            var a = reopened.Get("cm/ns/a")!;
            Assert.Equal(2, ValueOf(a));
            Assert.Equal(2, a.Revision);
            Assert.Equal(1, a.CreateRevision);
            Assert.Equal("2", ResourceVersionOf(a));
            Assert.NotNull(reopened.Get("pods/ns/p"));

            // Compare-and-swap keeps working on the reloaded revisions, and the counter continues.
            await Assert.ThrowsAsync<RevisionMismatchException>(() => reopened.UpdateAsync("cm/ns/a", 1, Obj("a", 3)));
            var next = await reopened.UpdateAsync("cm/ns/a", 2, Obj("a", 3));
            Assert.Equal(6, next.Revision);
        }
    }

    [Fact]
    public async Task A_write_is_on_disk_when_it_is_acknowledged_not_only_at_shutdown()
    {
        await using var store = Sqlite(DbPath);
        await store.CreateAsync("cm/ns/a", Obj("a", 1));
        await store.CreateAsync("cm/ns/b", Obj("b", 1));

        // A second reader of the file while the store still runs: what a restart after kill -9 would load.
        using var log = new SqliteRevisionLog(DbPath);
        var state = log.Load();
        Assert.Equal(2, state.CurrentRevision);
        Assert.Equal(["cm/ns/a", "cm/ns/b"], state.Live.Select(r => r.Key));
    }

    [Fact]
    public async Task The_revision_counter_never_goes_backwards_after_compaction_and_restart()
    {
        await using (var store = Sqlite(DbPath))
        {
            var a = await store.CreateAsync("cm/ns/a", Obj("a", 1));
            await store.UpdateAsync("cm/ns/a", a.Revision, Obj("a", 2));
            await store.CreateAsync("cm/ns/b", Obj("b", 1));
            await store.DeleteAsync("cm/ns/b"); // revision 4: the newest row is a tombstone
            await store.CompactAsync(4);        // ... which compaction removes
        }

        await using (var reopened = Sqlite(DbPath))
        {
            Assert.Equal(4, reopened.CurrentRevision);
            Assert.True(reopened.OldestReachableRevision >= 4);
            Assert.Equal(2, ValueOf(reopened.Get("cm/ns/a")!));
            Assert.Null(reopened.Get("cm/ns/b"));
            Assert.Equal(5, (await reopened.CreateAsync("cm/ns/c", Obj("c", 1))).Revision);
        }

        await using (var again = Sqlite(DbPath))
            Assert.Equal(5, again.CurrentRevision);
    }

    [Fact]
    public async Task Compaction_keeps_live_values_whose_rows_are_older_than_the_compaction_point()
    {
        await using (var store = Sqlite(DbPath))
        {
            await store.CreateAsync("cm/ns/old", Obj("old", 1));
            var hot = await store.CreateAsync("cm/ns/hot", Obj("hot", 0));
            for (var i = 1; i <= 5; i++) hot = await store.UpdateAsync("cm/ns/hot", hot.Revision, Obj("hot", i));
            await store.CompactAsync(store.CurrentRevision);
        }

        await using var reopened = Sqlite(DbPath);
        Assert.Equal(1, ValueOf(reopened.Get("cm/ns/old")!));
        Assert.Equal(5, ValueOf(reopened.Get("cm/ns/hot")!));
        Assert.Equal(7, reopened.CurrentRevision);
    }

    [Fact]
    public async Task A_batch_the_log_fails_to_commit_is_neither_acknowledged_nor_visible()
    {
        var log = new FailingRevisionLog(new SqliteRevisionLog(DbPath));
        await using (var store = new ObjectStore(log, Attributes))
        {
            await store.CreateAsync("cm/ns/a", Obj("a", 1));
            log.FailNextAppend = true;
            await Assert.ThrowsAsync<IOException>(() => store.CreateAsync("cm/ns/b", Obj("b", 1)));
            Assert.Null(store.Get("cm/ns/b"));
            Assert.Equal(1, store.CurrentRevision);
            Assert.Empty(AllEventsAfter(store, 1));

            // The store goes on with the revision the failed write would have taken.
            Assert.Equal(2, (await store.CreateAsync("cm/ns/c", Obj("c", 1))).Revision);
        }

        await using var reopened = Sqlite(DbPath);
        Assert.Equal(["cm/ns/a", "cm/ns/c"], reopened.Current.Bucket("cm").Keys);
    }

    /// <summary>Wraps a real log and makes one Append fail, as a full disk would.</summary>
    sealed class FailingRevisionLog(IRevisionLog inner) : IRevisionLog
    {
        public bool FailNextAppend { get; set; }
        public RevisionLogState Load() => inner.Load();
        public void Compact(long revision) => inner.Compact(revision);
        public void Dispose() => inner.Dispose();

        public void Append(IReadOnlyList<RevisionRow> rows)
        {
            if (FailNextAppend)
            {
                FailNextAppend = false;
                throw new IOException("disk full");
            }
            inner.Append(rows);
        }
    }
}
