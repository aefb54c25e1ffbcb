using System.Net;
using System.Text.Json.Nodes;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Patching;
using Coxswain.Runtime.Tests.Integration.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Integration.Client;

public sealed class ResourceClientAgainstServerTests
{
    private const string Ns = "default";

    [Fact]
    public async Task Creates_reads_replaces_and_deletes_with_optimistic_concurrency()
    {
        await using var cluster = await TestCluster.StartAsync();
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);

        var created = await configMaps.CreateAsync(Cluster.ConfigMap("a", Ns, new Dictionary<string, string> { ["k"] = "1" }));
        var stale = await configMaps.GetAsync(Ns, "a");
        created.Data["k"] = "2";
        var replaced = await configMaps.ReplaceAsync(created);
        stale.Data["k"] = "3";
        var conflict = await Assert.ThrowsAsync<KubernetesApiException>(() => configMaps.ReplaceAsync(stale));

        Assert.Equal(("2", HttpStatusCode.Conflict, "Conflict"), (replaced.Data["k"], conflict.StatusCode, conflict.Reason));
        Assert.True(ConflictRetry.IsConflict(conflict));
        Assert.True(await configMaps.DeleteAsync(Ns, "a"));
        Assert.False(await configMaps.DeleteAsync(Ns, "a"));
        Assert.Null(await configMaps.GetOrDefaultAsync(Ns, "a"));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<KubernetesApiException>(() => configMaps.GetAsync(Ns, "a"))).StatusCode);
    }

    [Fact]
    public async Task Patches_with_each_patch_type_and_names_the_field_manager()
    {
        await using var cluster = await TestCluster.StartAsync();
        var log = new RequestLog();
        using var client = cluster.NewClient(log);
        var configMaps = new ResourceClient<V1ConfigMap>(client) { DefaultFieldManager = "mirror-controller" };
        var original = await configMaps.CreateAsync(Cluster.ConfigMap("a", Ns, new Dictionary<string, string> { ["k"] = "1", ["gone"] = "x" }));

        var modified = KubernetesJson.Deserialize<V1ConfigMap>(KubernetesJson.Serialize(original));
        modified.Data.Remove("gone");
        modified.Data["new"] = "2";
        var merged = await configMaps.PatchAsync(Ns, "a", Patches.MergeFrom(original, modified, optimisticLock: true));
        var jsonPatched = await configMaps.PatchAsync(
            Ns, "a", new JsonPatchBuilder().Test("/data/k", "1").Replace("/data/k", "3").ToPatch(), new PatchOptions { FieldManager = "other" });
        var stale = Patches.MergeFrom(original, modified, optimisticLock: true);
        var conflict = await Assert.ThrowsAsync<KubernetesApiException>(() => configMaps.PatchAsync(Ns, "a", stale));

        Assert.Equal(new Dictionary<string, string> { ["k"] = "1", ["new"] = "2" }, merged.Data);
        Assert.Equal("3", jsonPatched.Data["k"]);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var patches = log.Entries.Where(e => e.Method == "PATCH").Select(e => e.Query("fieldManager")).ToList();
        Assert.Equal(["mirror-controller", "other", "mirror-controller"], patches);
    }

    [Fact]
    public async Task Status_updates_retry_on_conflict_with_a_fresh_read_and_skip_no_op_writes()
    {
        await using var cluster = await TestCluster.StartAsync();
        var log = new RequestLog();
        using var client = cluster.NewClient(log);
        var pods = new ResourceClient<V1Pod>(client);
        var pod = await pods.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = Ns },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx" }] },
        });
        // Someone else writes the status after we read the pod: our copy is stale.
        var theirs = KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(pod));
        theirs.Status ??= new V1PodStatus();
        theirs.Status.Reason = "Theirs";
        await pods.ReplaceStatusAsync(theirs);
        var mutations = 0;

        var updated = await pods.UpdateStatusAsync(pod, p =>
        {
            mutations++;
            p.Status ??= new V1PodStatus();
            p.Status.Message = "ours";
        });

        Assert.Equal((2, "Theirs", "ours"), (mutations, updated.Status.Reason, updated.Status.Message));
        Assert.Equal([409, 200], log.Entries.Where(e => e.Method == "PUT" && e.PathAndQuery.EndsWith("/status", StringComparison.Ordinal)).Skip(1).Select(e => e.Status));
        var requests = log.Entries.Count;
        var unchanged = await pods.UpdateStatusAsync(updated, p => p.Status.Message = "ours");
        Assert.Same(updated, unchanged);
        Assert.Equal(requests, log.Entries.Count);
    }

    [Fact]
    public async Task Reads_and_writes_cluster_scoped_objects_and_metadata_only_views()
    {
        await using var cluster = await TestCluster.StartAsync();
        var namespaces = new ResourceClient<V1Namespace>(cluster.Client);
        await namespaces.CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team", Labels = new Dictionary<string, string> { ["a"] = "b" } } });
        var labelled = await namespaces.PatchAsync(null, "team", Patches.Merge(new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["c"] = "d" } },
        }));

        Assert.Equal(new Dictionary<string, string> { ["a"] = "b", ["c"] = "d", ["kubernetes.io/metadata.name"] = "team" }, labelled.Metadata.Labels);
        var page = await namespaces.ListAsync(null, new ListRequest { LabelSelector = "c=d" });
        Assert.Equal("team", Assert.Single(page.Items).Metadata.Name);
    }
}
