using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Tests.Support;
using Coxswain.Runtime.Watchers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Cache;

/// <summary>
/// The store against a trivially correct model: a dictionary that applies the same events. Random interleavings of
/// applies, deletes and relists (including changes that arrive while a relist is buffered) must leave the store, its
/// indexes and the changes it reported all consistent with the model.
/// </summary>
public class StorePropertyTests
{
    [Property(MaxTest = 200)]
    public Property Store_matches_a_dictionary_model(int[] script)
    {
        var writer = new StoreWriter<V1Pod>();
        var model = new Dictionary<ObjectKey, string>();
        var mirror = new Dictionary<ObjectKey, string>();
        Dictionary<ObjectKey, string>? listing = null;
        var version = 0;
        Apply(WatcherEvent<V1Pod>.Init);
        Apply(WatcherEvent<V1Pod>.InitDone);
        model.Clear();

        foreach (var step in script)
        {
            var name = $"pod-{Math.Abs(step % 6)}";
            var ns = Math.Abs(step / 7 % 2) == 0 ? "a" : "b";
            var key = new ObjectKey(ns, name);
            var pod = Objects.Pod(name, ns, resourceVersion: (++version).ToString(System.Globalization.CultureInfo.InvariantCulture));
            switch (Math.Abs(step / 3 % 5))
            {
                case 0 or 1:
                    Apply(WatcherEvent<V1Pod>.Apply(pod));
                    model[key] = pod.Metadata.ResourceVersion;
                    listing?.Remove(key);
                    listing?.Add(key, pod.Metadata.ResourceVersion);
                    break;
                case 2:
                    Apply(WatcherEvent<V1Pod>.Delete(pod));
                    model.Remove(key);
                    listing?.Remove(key);
                    break;
                case 3 when listing is null:
                    Apply(WatcherEvent<V1Pod>.Init);
                    listing = new Dictionary<ObjectKey, string>();
                    break;
                case 3:
                    Apply(WatcherEvent<V1Pod>.InitApply(pod));
                    listing[key] = pod.Metadata.ResourceVersion;
                    break;
                case 4 when listing is not null:
                    Apply(WatcherEvent<V1Pod>.InitDone);
                    model.Clear();
                    foreach (var (k, v) in listing)
                    {
                        model[k] = v;
                    }

                    listing = null;
                    break;
            }
        }

        var store = writer.Store;
        var actual = store.List().ToDictionary(ObjectKey.Of, p => p.Metadata.ResourceVersion);
        var indexesAgree = new[] { "a", "b" }.All(ns =>
            store.InNamespace(ns).Select(p => $"{ObjectKey.Of(p)}@{p.Metadata.ResourceVersion}").Order()
                .SequenceEqual(model.Where(m => m.Key.Namespace == ns).Select(m => $"{m.Key}@{m.Value}").Order()));
        var changesAgree = mirror.Count == actual.Count && !mirror.Except(actual).Any();
        return (actual.Count == model.Count && !actual.Except(model).Any() && indexesAgree && changesAgree)
            .Label($"store={string.Join(",", actual)} model={string.Join(",", model)} mirror={string.Join(",", mirror)}");

        // Subscribers rebuild the state from the reported changes alone; they must end up where the store is.
        void Apply(WatcherEvent<V1Pod> watcherEvent)
        {
            foreach (var change in writer.Apply(watcherEvent))
            {
                var changed = ObjectKey.Of(change.Object);
                if (change.Type == ObjectChangeType.Deleted)
                {
                    mirror.Remove(changed);
                }
                else
                {
                    mirror[changed] = change.Object.Metadata.ResourceVersion;
                }
            }
        }
    }

    [Fact]
    public async Task Readers_and_a_writer_can_run_concurrently()
    {
        var writer = new StoreWriter<V1Pod>();
        writer.Apply(WatcherEvent<V1Pod>.Init);
        writer.Apply(WatcherEvent<V1Pod>.InitDone);
        using var stop = new CancellationTokenSource();
        using var reading = new CountdownEvent(3);

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                _ = writer.Store.List().Count + writer.Store.InNamespace("default").Count + (writer.Store.Get("default", "pod-1") is null ? 0 : 1);
                if (reads++ == 0)
                {
                    reading.Signal();
                }
            }

            return reads;
        })).ToArray();
        // On a busy machine the pool may start the readers late: write only once they all read, or nothing overlaps.
        Assert.True(reading.Wait(TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 5_000; i++)
        {
            var pod = Objects.Pod($"pod-{i % 100}", resourceVersion: i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Apply(i % 3 == 0 ? WatcherEvent<V1Pod>.Delete(pod) : WatcherEvent<V1Pod>.Apply(pod));
        }

        await stop.CancelAsync();
        Assert.True((await Task.WhenAll(readers)).Sum() > 0);
        Assert.Equal(writer.Store.Count, writer.Store.InNamespace("default").Count);
    }
}
