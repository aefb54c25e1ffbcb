using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Tests.Support;
using Coxswain.Runtime.Watchers;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Cache;

public class StoreTests
{
    private readonly StoreWriter<V1Pod> _writer = new();

    private Store<V1Pod> Store => _writer.Store;

    [Fact]
    public async Task Becomes_ready_with_the_whole_list_at_once_at_init_done()
    {
        var ready = Store.WaitUntilReadyAsync();
        _writer.Apply(WatcherEvent<V1Pod>.Init);
        _writer.Apply(WatcherEvent<V1Pod>.InitApply(Objects.Pod("a")));
        _writer.Apply(WatcherEvent<V1Pod>.InitApply(Objects.Pod("b")));

        Assert.False(Store.IsReady);
        Assert.False(ready.IsCompleted);
        Assert.Equal(0, Store.Count);

        var changes = _writer.Apply(WatcherEvent<V1Pod>.InitDone);

        await ready.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.True(Store.IsReady);
        Assert.Equal(["a", "b"], Store.List().Select(p => p.Metadata.Name).Order());
        Assert.All(changes, c => Assert.Equal(ObjectChangeType.Added, c.Type));
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void A_relist_replaces_the_state_and_reports_the_difference()
    {
        Relist(Objects.Pod("kept", resourceVersion: "1"), Objects.Pod("changed", resourceVersion: "1"), Objects.Pod("gone", resourceVersion: "1"));

        var changes = Relist(Objects.Pod("kept", resourceVersion: "1"), Objects.Pod("changed", resourceVersion: "2"), Objects.Pod("new", resourceVersion: "3"));

        Assert.Equal(["changed", "kept", "new"], Store.List().Select(p => p.Metadata.Name).Order());
        Assert.Equal(
            ["Added new", "Deleted gone", "Updated changed"],
            changes.Select(c => $"{c.Type} {c.Object.Metadata.Name}").Order());
        Assert.Equal("1", changes.Single(c => c.Type == ObjectChangeType.Updated).OldObject!.Metadata.ResourceVersion);
        Assert.DoesNotContain(Store.InNamespace("default"), p => p.Metadata.Name == "gone");
    }

    [Fact]
    public void Keeps_serving_the_old_state_while_a_relist_is_buffered()
    {
        Relist(Objects.Pod("old"));

        _writer.Apply(WatcherEvent<V1Pod>.Init);
        _writer.Apply(WatcherEvent<V1Pod>.InitApply(Objects.Pod("new")));

        Assert.NotNull(Store.Get("default", "old"));
        Assert.Null(Store.Get("default", "new"));
    }

    [Fact]
    public void Applies_adds_updates_and_deletes_and_skips_replays()
    {
        Relist();

        var added = _writer.Apply(WatcherEvent<V1Pod>.Apply(Objects.Pod("a", resourceVersion: "5")));
        var replayed = _writer.Apply(WatcherEvent<V1Pod>.Apply(Objects.Pod("a", resourceVersion: "5")));
        var updated = _writer.Apply(WatcherEvent<V1Pod>.Apply(Objects.Pod("a", resourceVersion: "6")));
        var deleted = _writer.Apply(WatcherEvent<V1Pod>.Delete(Objects.Pod("a", resourceVersion: "7")));
        var deletedAgain = _writer.Apply(WatcherEvent<V1Pod>.Delete(Objects.Pod("a", resourceVersion: "7")));

        Assert.Equal(ObjectChangeType.Added, Assert.Single(added).Type);
        Assert.Empty(replayed);
        Assert.Equal(("6", "5"), (Assert.Single(updated).Object.Metadata.ResourceVersion, updated[0].OldObject!.Metadata.ResourceVersion));
        Assert.Equal(("7", ObjectChangeType.Deleted), (Assert.Single(deleted).Object.Metadata.ResourceVersion, deleted[0].Type));
        Assert.Empty(deletedAgain);
        Assert.Equal(0, Store.Count);
    }

    [Fact]
    public void Indexes_by_namespace_and_owner_uid_and_follows_changes()
    {
        Relist(
            Objects.Pod("web-1", "team-a", owners: Objects.Owner("apps/v1", "ReplicaSet", "web")),
            Objects.Pod("web-2", "team-a", owners: Objects.Owner("apps/v1", "ReplicaSet", "web")),
            Objects.Pod("db-1", "team-b"));

        Assert.Equal(["web-1", "web-2"], Store.InNamespace("team-a").Select(p => p.Metadata.Name).Order());
        Assert.Equal(["web-1", "web-2"], Store.OwnedBy("uid-web").Select(p => p.Metadata.Name).Order());

        _writer.Apply(WatcherEvent<V1Pod>.Apply(Objects.Pod("web-1", "team-a", resourceVersion: "2")));
        _writer.Apply(WatcherEvent<V1Pod>.Delete(Objects.Pod("web-2", "team-a")));

        Assert.Empty(Store.OwnedBy("uid-web"));
        var remaining = Assert.Single(Store.InNamespace("team-a"));
        Assert.Equal(("web-1", "2"), (remaining.Metadata.Name, remaining.Metadata.ResourceVersion)); // the latest version
        Assert.Equal(["db-1"], Store.InNamespace("team-b").Select(p => p.Metadata.Name));
    }

    [Fact]
    public void The_orphan_index_holds_namespaced_objects_without_a_controller_and_follows_adoption_and_release()
    {
        var writer = new StoreWriter<V1Pod>(new StoreOptions<V1Pod>());
        writer.Apply(WatcherEvent<V1Pod>.Init);
        writer.Apply(WatcherEvent<V1Pod>.InitApply(Objects.Pod("stray", "team-a")));
        writer.Apply(WatcherEvent<V1Pod>.InitApply(Objects.Pod("referenced", "team-a", owners: Objects.Owner("v1", "ConfigMap", "settings", controller: false))));
        writer.Apply(WatcherEvent<V1Pod>.InitApply(Objects.Pod("web-1", "team-a", owners: Objects.Owner("apps/v1", "ReplicaSet", "web"))));
        writer.Apply(WatcherEvent<V1Pod>.InitApply(Objects.Pod("db-stray", "team-b")));
        writer.Apply(WatcherEvent<V1Pod>.InitDone);
        IEnumerable<string> Orphans(string ns) => writer.Store.OrphansIn(ns).Select(p => p.Metadata.Name).Order();

        Assert.Equal(["referenced", "stray"], Orphans("team-a"));
        Assert.Equal(["db-stray"], Orphans("team-b"));

        writer.Apply(WatcherEvent<V1Pod>.Apply(Objects.Pod("stray", "team-a", resourceVersion: "2", Objects.Owner("apps/v1", "ReplicaSet", "web"))));
        writer.Apply(WatcherEvent<V1Pod>.Apply(Objects.Pod("web-1", "team-a", resourceVersion: "2")));

        Assert.Equal(["referenced", "web-1"], Orphans("team-a"));
        Assert.Empty(Indexers.Orphan(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } }));
        // A store given its own index list keeps only those: claiming by candidates needs the orphan index among them.
        var custom = new StoreWriter<V1Pod>(new StoreOptions<V1Pod> { Indexers = new Dictionary<string, Func<V1Pod, IEnumerable<string>>>() });
        Assert.Throws<ArgumentException>(() => custom.Store.OrphansIn("team-a"));
    }

    [Fact]
    public void Maintains_custom_indexes()
    {
        var writer = new StoreWriter<V1Pod>(new StoreOptions<V1Pod>
        {
            Indexers = new Dictionary<string, Func<V1Pod, IEnumerable<string>>>
            {
                ["node"] = p => p.Spec?.NodeName is { } node ? [node] : [],
            },
        });
        var pod = Objects.Pod("a");
        pod.Spec = new V1PodSpec { NodeName = "node-1", Containers = [] };
        writer.Apply(WatcherEvent<V1Pod>.Init);
        writer.Apply(WatcherEvent<V1Pod>.InitApply(pod));
        writer.Apply(WatcherEvent<V1Pod>.InitDone);

        Assert.Equal("a", Assert.Single(writer.Store.ByIndex("node", "node-1")).Metadata.Name);
        Assert.Empty(writer.Store.ByIndex("node", "node-2"));
        Assert.Throws<ArgumentException>(() => writer.Store.ByIndex(Indexers.NamespaceIndex, "default"));
    }

    [Fact]
    public void Strips_managed_fields_by_default_and_keeps_them_when_told_to()
    {
        V1Pod WithManagedFields() => new()
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "default", ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl" }] },
        };
        var keeping = new StoreWriter<V1Pod>(new StoreOptions<V1Pod> { Transform = null });

        _writer.Apply(WatcherEvent<V1Pod>.Apply(WithManagedFields()));
        keeping.Apply(WatcherEvent<V1Pod>.Apply(WithManagedFields()));

        Assert.Null(Store.Get("default", "a")!.Metadata.ManagedFields);
        Assert.Single(keeping.Store.Get("default", "a")!.Metadata.ManagedFields);
    }

    [Fact]
    public void Changes_during_a_relist_are_not_lost()
    {
        Relist(Objects.Pod("a", resourceVersion: "1"));

        _writer.Apply(WatcherEvent<V1Pod>.Init);
        _writer.Apply(WatcherEvent<V1Pod>.InitApply(Objects.Pod("a", resourceVersion: "1")));
        _writer.Apply(WatcherEvent<V1Pod>.InitApply(Objects.Pod("b", resourceVersion: "2")));
        _writer.Apply(WatcherEvent<V1Pod>.Delete(Objects.Pod("b", resourceVersion: "3")));
        _writer.Apply(WatcherEvent<V1Pod>.Apply(Objects.Pod("a", resourceVersion: "4")));
        _writer.Apply(WatcherEvent<V1Pod>.InitDone);

        Assert.Equal("4", Assert.Single(Store.List()).Metadata.ResourceVersion);
    }

    private IReadOnlyList<ObjectChange<V1Pod>> Relist(params V1Pod[] pods)
    {
        _writer.Apply(WatcherEvent<V1Pod>.Init);
        foreach (var pod in pods)
        {
            _writer.Apply(WatcherEvent<V1Pod>.InitApply(pod));
        }

        return _writer.Apply(WatcherEvent<V1Pod>.InitDone);
    }
}
