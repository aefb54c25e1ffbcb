using Coxswain.LocalCluster.Storage;
using static Coxswain.LocalCluster.Tests.Storage.StoreTestKit;

namespace Coxswain.LocalCluster.Tests.Storage;

/// <summary>The revision history watches and paged lists are served from: the event log, past buckets and compaction.</summary>
public sealed class ObjectStoreHistoryTests : IAsyncLifetime
{
    readonly ObjectStore store = InMemory();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task The_event_log_holds_one_event_per_revision_in_commit_order()
    {
        var a = await store.CreateAsync("cm/ns/a", Obj("a", 1));
        await store.CreateAsync("cm/ns/b", Obj("b", 1));
        await store.UpdateAsync("cm/ns/a", a.Revision, Obj("a", 2));
        await store.DeleteAsync("cm/ns/b");

        var events = AllEventsAfter(store, 0);
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Revision));
        Assert.Equal([WatchEventType.Added, WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(["cm/ns/a", "cm/ns/b", "cm/ns/a", "cm/ns/b"], events.Select(e => e.Object.Key));
        Assert.Null(events[0].Previous);
        Assert.Equal(1, ValueOf(events[2].Previous!));
        Assert.Equal(2, ValueOf(events[2].Object));
    }

    [Fact]
    public async Task A_deleted_event_carries_the_last_state_stamped_with_the_deletion_revision()
    {
        var a = await store.CreateAsync("cm/ns/a", Obj("a", 1));
        var a2 = await store.UpdateAsync("cm/ns/a", a.Revision, Obj("a", 7));
        await store.DeleteAsync("cm/ns/a");

        var deleted = AllEventsAfter(store, a2.Revision).Single();
        Assert.Equal(WatchEventType.Deleted, deleted.Type);
        Assert.Equal(3, deleted.Revision);
        Assert.Equal("3", ResourceVersionOf(deleted.Object));
        Assert.Equal(7, ValueOf(deleted.Object));
        Assert.Equal(a2.Revision, deleted.Previous!.Revision);
        Assert.Equal("""{"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"3"},"value":7}}""" + "\n",
            System.Text.Encoding.UTF8.GetString(deleted.WireLine));
    }

    [Fact]
    public async Task Reading_after_a_revision_returns_only_newer_events_and_respects_the_limit()
    {
        for (var i = 0; i < 10; i++) await store.CreateAsync($"cm/ns/k{i}", Obj($"k{i}", i));
        var page = new List<WatchEvent>();
        store.Events.ReadAfter(4, 3, page);
        Assert.Equal([5L, 6, 7], page.Select(e => e.Revision));

        var none = new List<WatchEvent>();
        store.Events.ReadAfter(10, 100, none);
        Assert.Empty(none);
    }

    [Fact]
    public async Task BucketAt_rebuilds_every_past_revision_exactly()
    {
        // A scripted history over two buckets, recording the expected contents of bucket "cm" after every revision.
        var expected = new List<Dictionary<string, int>> { new() };
        var live = new Dictionary<string, (long Rev, int Value)>();
        async Task Write(Func<Task<StoredObject>> op, string key, int? value)
        {
            var result = await op();
            if (value is null) live.Remove(key); else live[key] = (result.Revision, value.Value);
            expected.Add(live.Where(kv => kv.Key.StartsWith("cm/")).ToDictionary(kv => kv.Key, kv => kv.Value.Value));
        }
        await Write(() => store.CreateAsync("cm/ns/a", Obj("a", 1)), "cm/ns/a", 1);
        await Write(() => store.CreateAsync("pods/ns/p", Obj("p", 1)), "pods/ns/p", 1);
        await Write(() => store.CreateAsync("cm/ns/b", Obj("b", 1)), "cm/ns/b", 1);
        await Write(() => store.UpdateAsync("cm/ns/a", live["cm/ns/a"].Rev, Obj("a", 2)), "cm/ns/a", 2);
        await Write(() => store.DeleteAsync("cm/ns/b"), "cm/ns/b", null);
        await Write(() => store.UpdateAsync("pods/ns/p", live["pods/ns/p"].Rev, Obj("p", 2)), "pods/ns/p", 2);
        await Write(() => store.CreateAsync("cm/ns/b", Obj("b", 5)), "cm/ns/b", 5);
        await Write(() => store.DeleteAsync("cm/ns/a"), "cm/ns/a", null);

        for (var rev = 0; rev < expected.Count; rev++)
        {
            var bucket = store.BucketAt("cm", rev);
            Assert.Equal(expected[rev], bucket.ToDictionary(kv => kv.Key, kv => ValueOf(kv.Value)));
            Assert.All(bucket.Values, o => Assert.True(o.Revision <= rev));
        }
        // Asking again (a later page of the same list) gives the same answer.
        Assert.Equal(expected[3].Keys, store.BucketAt("cm", 3).Keys);
        Assert.Empty(store.BucketAt("pods", 1));
        Assert.Single(store.BucketAt("pods", 2));
    }

    [Fact]
    public async Task Compaction_makes_older_history_unreachable_but_keeps_the_live_state()
    {
        var a = await store.CreateAsync("cm/ns/a", Obj("a", 1));
        await store.UpdateAsync("cm/ns/a", a.Revision, Obj("a", 2));
        await store.CreateAsync("cm/ns/b", Obj("b", 1));
        await store.CreateAsync("cm/ns/c", Obj("c", 1));

        await store.CompactAsync(3);

        Assert.Equal(3, store.OldestReachableRevision);
        var e = Assert.Throws<RevisionCompactedException>(() => store.BucketAt("cm", 2));
        Assert.Equal(2, e.Requested);
        Assert.Equal(3, e.Compacted);
        Assert.Throws<RevisionCompactedException>(() => store.Events.ReadAfter(2, 10, new List<WatchEvent>()));

        // The compaction point itself is still readable, and so is everything after it.
        Assert.Equal(["cm/ns/a", "cm/ns/b"], store.BucketAt("cm", 3).Keys);
        Assert.Equal([4L], AllEventsAfter(store, 3).Select(x => x.Revision));
        Assert.Equal(3, store.Current.Bucket("cm").Count);
        Assert.Equal(2, ValueOf(store.Get("cm/ns/a")!));
    }

    [Fact]
    public async Task Compaction_beyond_the_current_revision_stops_at_it_and_writes_continue_from_there()
    {
        await store.CreateAsync("cm/ns/a", Obj("a", 1));
        await store.CompactAsync(100);
        Assert.Equal(1, store.OldestReachableRevision);
        var next = await store.CreateAsync("cm/ns/b", Obj("b", 1));
        Assert.Equal(2, next.Revision);
        Assert.Equal([2L], AllEventsAfter(store, 1).Select(x => x.Revision));
    }

    [Fact]
    public async Task The_compactor_drops_history_older_than_the_window()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new StoreOptions { CompactionWindow = TimeSpan.FromMinutes(5), CompactionInterval = TimeSpan.FromMinutes(1) };
        await using var timed = new ObjectStore(new MemoryRevisionLog(), Attributes, options, time);
        await timed.CreateAsync("cm/ns/a", Obj("a", 1));

        time.Advance(TimeSpan.FromMinutes(1)); // checkpoint: revision 1 at minute 1
        await timed.CreateAsync("cm/ns/b", Obj("b", 1));
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(0, timed.OldestReachableRevision);

        time.Advance(TimeSpan.FromMinutes(2)); // minute 6: the minute-1 checkpoint is now older than the window
        await WaitUntil(() => timed.OldestReachableRevision >= 1);
        Assert.Throws<RevisionCompactedException>(() => timed.BucketAt("cm", 0));
        Assert.Single(timed.BucketAt("cm", 1));
    }

    static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached");
            await Task.Delay(10);
        }
    }
}
