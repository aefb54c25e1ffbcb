using Coxswain.LocalCluster.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Coxswain.LocalCluster.Tests.Storage.StoreTestKit;

namespace Coxswain.LocalCluster.Tests.Storage;

/// <summary>
/// Random sequences of creates, conditional updates and deletes (some with stale revisions, some on missing keys) run against
/// the store and against a dictionary model. After every sequence the outcomes, the live state, the event log and every past
/// revision of every bucket must agree with the model.
/// </summary>
public sealed class ObjectStoreModelProperties
{
    public enum OpKind { Create, Update, Delete, ConditionalDelete }

    /// <summary>One generated operation; <see cref="Stale"/> makes a conditional write present an outdated revision.</summary>
    public sealed record Op(OpKind Kind, string Key, bool Stale, int Value)
    {
        public override string ToString() => $"{Kind}({Key}{(Stale ? ", stale" : "")}, {Value})";
    }

    // Two buckets, so past-bucket reconstruction has to skip the other bucket's events.
    static readonly string[] Keys = ["cm/ns/a", "cm/ns/b", "cm/other/c", "pods/ns/a", "pods/ns/b"];

    static readonly Arbitrary<Op[]> Sequences =
        (from kind in Gen.Elements(Enum.GetValues<OpKind>())
         from key in Gen.Elements(Keys)
         from stale in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
         from value in Gen.Choose(0, 1000)
         select new Op(kind, key, stale, value)).ArrayOf().ToArbitrary();

    enum Outcome { Ok, Exists, NotFound, Mismatch }

    [Property(MaxTest = 100)]
    public Property Store_behaves_like_a_versioned_dictionary() => Prop.ForAll(Sequences, ops =>
    {
        var model = new Dictionary<string, (int Value, long Revision, long CreateRevision)>();
        var history = new List<Dictionary<string, (int, long, long)>> { new() };
        var expectedEvents = new List<(WatchEventType Type, string Key, int Value)>();
        var store = InMemory();
        try
        {
            foreach (var op in ops)
            {
                var revision = history.Count; // the revision a successful write takes
                model.TryGetValue(op.Key, out var current);
                var exists = model.ContainsKey(op.Key);
                var presented = op.Stale ? current.Revision + 1 : current.Revision;

                Outcome expected;
                switch (op.Kind)
                {
                    case OpKind.Create:
                        expected = exists ? Outcome.Exists : Outcome.Ok;
                        if (expected == Outcome.Ok)
                        {
                            model[op.Key] = (op.Value, revision, revision);
                            expectedEvents.Add((WatchEventType.Added, op.Key, op.Value));
                        }
                        break;
                    case OpKind.Update:
                        expected = !exists ? Outcome.NotFound : op.Stale ? Outcome.Mismatch : Outcome.Ok;
                        if (expected == Outcome.Ok)
                        {
                            model[op.Key] = (op.Value, revision, current.CreateRevision);
                            expectedEvents.Add((WatchEventType.Modified, op.Key, op.Value));
                        }
                        break;
                    default:
                        var conditional = op.Kind == OpKind.ConditionalDelete;
                        expected = !exists ? Outcome.NotFound : conditional && op.Stale ? Outcome.Mismatch : Outcome.Ok;
                        if (expected == Outcome.Ok)
                        {
                            model.Remove(op.Key);
                            expectedEvents.Add((WatchEventType.Deleted, op.Key, current.Value));
                        }
                        break;
                }

                var actual = Run(store, op, presented);
                Assert.True(expected == actual, $"{op}: expected {expected}, store said {actual}");
                if (actual == Outcome.Ok) history.Add(new(model));
            }

            Assert.Equal(history.Count - 1, store.CurrentRevision);
            foreach (var (key, (value, rev, createRev)) in model)
            {
                var stored = store.Get(key)!;
                Assert.Equal((value, rev, createRev), (ValueOf(stored), stored.Revision, stored.CreateRevision));
            }
            Assert.Equal(model.Count, Keys.Count(k => store.Get(k) is not null));

            var events = AllEventsAfter(store, 0);
            Assert.Equal(expectedEvents, events.Select(e => (e.Type, e.Object.Key, ValueOf(e.Object))));
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Revision));

            for (var rev = 0; rev < history.Count; rev++)
            {
                foreach (var bucket in new[] { "cm", "pods" })
                {
                    var expectedBucket = history[rev].Where(kv => kv.Key.StartsWith(bucket + "/", StringComparison.Ordinal))
                        .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                        .Select(kv => (kv.Key, kv.Value));
                    var actualBucket = store.BucketAt(bucket, rev)
                        .Select(kv => (kv.Key, (ValueOf(kv.Value), kv.Value.Revision, kv.Value.CreateRevision)));
                    Assert.Equal(expectedBucket, actualBucket);
                }
            }
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    });

    static Outcome Run(ObjectStore store, Op op, long presentedRevision)
    {
        try
        {
            var task = op.Kind switch
            {
                OpKind.Create => store.CreateAsync(op.Key, Obj(op.Key, op.Value)),
                OpKind.Update => store.UpdateAsync(op.Key, presentedRevision, Obj(op.Key, op.Value)),
                OpKind.Delete => store.DeleteAsync(op.Key),
                _ => store.DeleteAsync(op.Key, presentedRevision),
            };
            task.GetAwaiter().GetResult();
            return Outcome.Ok;
        }
        catch (KeyExistsException) { return Outcome.Exists; }
        catch (KeyNotFoundStorageException) { return Outcome.NotFound; }
        catch (RevisionMismatchException) { return Outcome.Mismatch; }
    }
}
