using System.Collections.Concurrent;
using Coxswain.LocalCluster.Storage;
using static Coxswain.LocalCluster.Tests.Storage.StoreTestKit;

namespace Coxswain.LocalCluster.Tests.Storage;

/// <summary>Group commit under contention: many writers, no lost or duplicated revisions, every acknowledgement durable.</summary>
public sealed class ObjectStoreConcurrencyTests
{
    const int Writers = 50;

    /// <summary>
    /// 50 writers × 200 writes in memory (the contention test), and 50 × 20 through SQLite with a restart at the end (the
    /// durability test: every commit there is an fsync, so the durable run is kept short).
    /// </summary>
    [Theory]
    [InlineData(false, 200)]
    [InlineData(true, 20)]
    public async Task Parallel_writers_get_unique_contiguous_revisions_and_every_acknowledged_write_survives(bool durable, int writesPerWriter)
    {
        using var dir = new TemporaryDirectory();
        var path = dir.File("state.db");
        var acknowledged = new ConcurrentBag<(string Key, long Revision, int Value)>();

        await using (var store = durable ? Sqlite(path) : InMemory())
        {
            // Each writer owns a key (create, then CAS updates) and also races every other writer on one shared key.
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var key = $"cm/ns/w{w}";
                var mine = await store.CreateAsync(key, Obj($"w{w}", 0));
                acknowledged.Add((key, mine.Revision, 0));
                for (var i = 1; i < writesPerWriter; i++)
                {
                    if (i % 10 == 0)
                    {
                        acknowledged.Add(await WriteSharedAsync(store, w * 1000 + i));
                        continue;
                    }
                    mine = await store.UpdateAsync(key, mine.Revision, Obj($"w{w}", i));
                    acknowledged.Add((key, mine.Revision, i));
                }
            })));

            var revisions = acknowledged.Select(a => a.Revision).Order().ToList();
            Assert.Equal(Enumerable.Range(1, Writers * writesPerWriter).Select(i => (long)i), revisions);
            Assert.Equal(Writers * writesPerWriter, store.CurrentRevision);

            // The event log tells the same story: one event per acknowledged write, same key, same value.
            var byRevision = acknowledged.ToDictionary(a => a.Revision);
            var events = AllEventsAfter(store, 0);
            Assert.Equal(revisions, events.Select(e => e.Revision));
            Assert.All(events, e =>
            {
                Assert.Equal(byRevision[e.Revision].Key, e.Object.Key);
                Assert.Equal(byRevision[e.Revision].Value, ValueOf(e.Object));
            });
        }

        if (!durable) return;
        var latest = acknowledged.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Revision));
        await using var reopened = Sqlite(path);
        Assert.Equal(Writers * writesPerWriter, reopened.CurrentRevision);
        foreach (var (key, last) in latest)
        {
            var stored = reopened.Get(key)!;
            Assert.Equal(last.Revision, stored.Revision);
            Assert.Equal(last.Value, ValueOf(stored));
        }
    }

    /// <summary>Read-modify-write with retry on the contended key, as the API layer's GuaranteedUpdate does.</summary>
    static async Task<(string, long, int)> WriteSharedAsync(ObjectStore store, int value)
    {
        const string key = "cm/ns/shared";
        while (true)
        {
            var current = store.Get(key);
            try
            {
                var written = current is null
                    ? await store.CreateAsync(key, Obj("shared", value))
                    : await store.UpdateAsync(key, current.Revision, Obj("shared", value));
                return (key, written.Revision, value);
            }
            catch (StorageException e) when (e is RevisionMismatchException or KeyExistsException)
            {
            }
        }
    }
}
