using Coxswain.LocalCluster.Storage;
using static Coxswain.LocalCluster.Tests.Storage.StoreTestKit;

namespace Coxswain.LocalCluster.Tests.Storage;

/// <summary>etcd's contract as the API layer relies on it: compare-and-swap writes on one global revision counter.</summary>
public sealed class ObjectStoreWriteTests : IAsyncLifetime
{
    readonly ObjectStore store = InMemory();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task Every_write_takes_the_next_global_revision_and_stamps_it_as_resourceVersion()
    {
        var a = await store.CreateAsync("cm/ns/a", Obj("a", 1));
        var b = await store.CreateAsync("pods/ns/b", Obj("b", 1));
        var a2 = await store.UpdateAsync("cm/ns/a", a.Revision, Obj("a", 2));
        var gone = await store.DeleteAsync("pods/ns/b");

        Assert.Equal([1L, 2, 3, 4], new[] { a.Revision, b.Revision, a2.Revision, gone.Revision });
        Assert.Equal("3", ResourceVersionOf(a2));
        Assert.Equal(4, store.CurrentRevision);
        // The create revision survives updates: it is what identifies one incarnation of a key.
        Assert.Equal(1, a2.CreateRevision);
        Assert.Equal(2, ValueOf(store.Get("cm/ns/a")!));
        Assert.Null(store.Get("pods/ns/b"));
    }

    [Fact]
    public async Task Create_of_an_existing_key_fails_and_consumes_no_revision()
    {
        await store.CreateAsync("cm/ns/a", Obj("a", 1));
        var e = await Assert.ThrowsAsync<KeyExistsException>(() => store.CreateAsync("cm/ns/a", Obj("a", 2)));
        Assert.Equal("cm/ns/a", e.Key);
        Assert.Equal(1, store.CurrentRevision);
        Assert.Equal(1, ValueOf(store.Get("cm/ns/a")!));
    }

    [Fact]
    public async Task Update_with_a_stale_revision_is_refused_and_reports_what_is_stored()
    {
        var v1 = await store.CreateAsync("cm/ns/a", Obj("a", 1));
        var v2 = await store.UpdateAsync("cm/ns/a", v1.Revision, Obj("a", 2));

        var e = await Assert.ThrowsAsync<RevisionMismatchException>(() => store.UpdateAsync("cm/ns/a", v1.Revision, Obj("a", 3)));
        Assert.Equal(v2.Revision, e.Current.Revision);
        Assert.Equal(2, ValueOf(store.Get("cm/ns/a")!));
        Assert.Equal(v2.Revision, store.CurrentRevision);
    }

    [Fact]
    public async Task Update_or_delete_of_a_missing_key_is_not_found()
    {
        await Assert.ThrowsAsync<KeyNotFoundStorageException>(() => store.UpdateAsync("cm/ns/none", 1, Obj("none", 1)));
        await Assert.ThrowsAsync<KeyNotFoundStorageException>(() => store.DeleteAsync("cm/ns/none"));
        Assert.Equal(0, store.CurrentRevision);
    }

    [Fact]
    public async Task Delete_is_conditional_when_given_a_revision_and_unconditional_with_zero()
    {
        var v1 = await store.CreateAsync("cm/ns/a", Obj("a", 1));
        var v2 = await store.UpdateAsync("cm/ns/a", v1.Revision, Obj("a", 2));

        await Assert.ThrowsAsync<RevisionMismatchException>(() => store.DeleteAsync("cm/ns/a", v1.Revision));
        Assert.NotNull(store.Get("cm/ns/a"));

        var deleted = await store.DeleteAsync("cm/ns/a", v2.Revision);
        Assert.Equal(2, ValueOf(deleted));
        Assert.Null(store.Get("cm/ns/a"));

        await store.CreateAsync("cm/ns/b", Obj("b", 1));
        await store.DeleteAsync("cm/ns/b", expectedRevision: 0);
        Assert.Null(store.Get("cm/ns/b"));
    }

    [Fact]
    public async Task A_key_recreated_after_deletion_starts_a_new_incarnation()
    {
        await store.CreateAsync("cm/ns/a", Obj("a", 1));
        await store.DeleteAsync("cm/ns/a");
        var again = await store.CreateAsync("cm/ns/a", Obj("a", 9));
        Assert.Equal(3, again.Revision);
        Assert.Equal(3, again.CreateRevision);
    }

    [Fact]
    public async Task An_object_without_metadata_is_refused_without_harming_the_rest_of_its_batch()
    {
        var bad = store.CreateAsync("cm/ns/bad", new System.Text.Json.Nodes.JsonObject { ["value"] = 1 });
        var good = store.CreateAsync("cm/ns/good", Obj("good", 1));
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => bad);
        Assert.Equal(1, (await good).Revision);
        Assert.Null(store.Get("cm/ns/bad"));
    }

    [Fact]
    public async Task A_write_whose_attributes_cannot_be_computed_fails_alone_and_the_store_keeps_writing()
    {
        await using var picky = new ObjectStore(new MemoryRevisionLog(), (key, obj) =>
            key.EndsWith("/poison", StringComparison.Ordinal) ? throw new InvalidOperationException("cannot index") : Attributes(key, obj));

        await Assert.ThrowsAsync<InvalidOperationException>(() => picky.CreateAsync("cm/ns/poison", Obj("poison", 1)).WaitAsync(TimeSpan.FromSeconds(5)));
        var next = await picky.CreateAsync("cm/ns/fine", Obj("fine", 1)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, next.Revision);
    }

    [Fact]
    public async Task Snapshots_are_immutable_views_of_one_revision()
    {
        await store.CreateAsync("cm/ns/a", Obj("a", 1));
        var before = store.Current;
        await store.UpdateAsync("cm/ns/a", 1, Obj("a", 2));
        await store.CreateAsync("cm/ns/b", Obj("b", 1));

        Assert.Equal(1, before.Revision);
        Assert.Equal(1, ValueOf(before.Get("cm/ns/a")!));
        Assert.Null(before.Get("cm/ns/b"));
        Assert.Equal(["cm/ns/a", "cm/ns/b"], store.Current.Bucket("cm").Keys);
        Assert.Empty(store.Current.Bucket("pods"));
    }

    [Fact]
    public async Task WaitForRevisionAfter_completes_once_a_newer_revision_commits()
    {
        var waiting = store.WaitForRevisionAfterAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await store.CreateAsync("cm/ns/a", Obj("a", 1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WaitForRevisionAfterAsync(1, cancel.Token));
    }

    [Fact]
    public async Task Writes_after_dispose_are_refused()
    {
        await store.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => { _ = store.CreateAsync("cm/ns/a", Obj("a", 1)); });
    }
}
