using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>List semantics: chunking with limit/continue over one consistent snapshot, and resourceVersion/resourceVersionMatch.</summary>
public sealed class ListTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    Kubernetes Client => cluster.Client;

    async Task<string> NamespaceWithConfigMapsAsync(int count)
    {
        var ns = await cluster.CreateNamespaceAsync("list");
        for (var i = 0; i < count; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = $"cm-{i:D2}" },
                Data = new Dictionary<string, string> { ["v"] = "original" },
            }, ns);
        }
        return ns;
    }

    [Fact]
    public async Task Paging_returns_every_object_once_in_name_order_with_remaining_counts()
    {
        var ns = await NamespaceWithConfigMapsAsync(25);

        var first = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 10);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(15, first.Metadata.RemainingItemCount);
        Assert.False(string.IsNullOrEmpty(first.Metadata.ContinueProperty));

        var second = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 10, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal(10, second.Items.Count);
        Assert.Equal(5, second.Metadata.RemainingItemCount);

        var last = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 10, continueParameter: second.Metadata.ContinueProperty);
        Assert.Equal(5, last.Items.Count);
        Assert.True(string.IsNullOrEmpty(last.Metadata.ContinueProperty));
        Assert.Null(last.Metadata.RemainingItemCount);

        var names = first.Items.Concat(second.Items).Concat(last.Items).Select(i => i.Metadata.Name).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"cm-{i:D2}"), names);
        Assert.All(new[] { second, last }, page => Assert.Equal(first.Metadata.ResourceVersion, page.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Later_pages_come_from_the_first_pages_snapshot_even_when_objects_change_in_between()
    {
        var ns = await NamespaceWithConfigMapsAsync(6);
        var first = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2);

        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm-99" } }, ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm-03a" } }, ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("cm-04", ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"v":"changed"}}""", V1Patch.PatchType.MergePatch), "cm-05", ns);

        var rest = new List<V1ConfigMap>();
        var token = first.Metadata.ContinueProperty;
        while (!string.IsNullOrEmpty(token))
        {
            var page = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: token);
            Assert.Equal(first.Metadata.ResourceVersion, page.Metadata.ResourceVersion);
            rest.AddRange(page.Items);
            token = page.Metadata.ContinueProperty;
        }

        Assert.Equal(["cm-02", "cm-03", "cm-04", "cm-05"], rest.Select(i => i.Metadata.Name));
        Assert.Equal("original", rest.Single(i => i.Metadata.Name == "cm-05").Data["v"]);

        // A fresh list sees the present.
        var now = await Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        Assert.Equal(["cm-00", "cm-01", "cm-02", "cm-03", "cm-03a", "cm-05", "cm-99"], now.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task A_list_across_namespaces_includes_every_namespace()
    {
        var a = await NamespaceWithConfigMapsAsync(2);
        var b = await NamespaceWithConfigMapsAsync(3);
        var all = await Client.CoreV1.ListConfigMapForAllNamespacesAsync();
        Assert.Equal(2, all.Items.Count(i => i.Metadata.NamespaceProperty == a));
        Assert.Equal(3, all.Items.Count(i => i.Metadata.NamespaceProperty == b));
    }

    [Fact]
    public async Task ResourceVersionMatch_Exact_lists_the_state_at_that_revision()
    {
        var ns = await NamespaceWithConfigMapsAsync(2);
        var then = await Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "later" } }, ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("cm-00", ns);

        var exact = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, resourceVersion: then.Metadata.ResourceVersion, resourceVersionMatch: "Exact");
        Assert.Equal(["cm-00", "cm-01"], exact.Items.Select(i => i.Metadata.Name));
        Assert.Equal(then.Metadata.ResourceVersion, exact.Metadata.ResourceVersion);

        var notOlder = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, resourceVersion: then.Metadata.ResourceVersion, resourceVersionMatch: "NotOlderThan");
        Assert.Equal(["cm-01", "later"], notOlder.Items.Select(i => i.Metadata.Name));

        var any = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, resourceVersion: "0");
        Assert.Equal(["cm-01", "later"], any.Items.Select(i => i.Metadata.Name));
    }

    [Theory]
    [InlineData("resourceVersion=abc", 400, "BadRequest")]
    [InlineData("resourceVersionMatch=Exact", 422, "Invalid")]
    [InlineData("resourceVersion=0&resourceVersionMatch=Exact", 422, "Invalid")]
    [InlineData("resourceVersion=1&resourceVersionMatch=Sometimes", 422, "Invalid")]
    [InlineData("limit=abc", 400, "BadRequest")]
    [InlineData("continue=!!notbase64!!", 400, "BadRequest")]
    [InlineData("continue=eyJydiI6MX0%3D", 400, "BadRequest")]
    public async Task Bad_list_options_are_client_errors(string query, int code, string reason)
    {
        var (actual, body) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?" + query);
        Assert.Equal(code, actual);
        ApiAssert.IsStatus(body, code, reason);
    }

    [Fact]
    public async Task A_continue_token_with_a_resourceVersion_is_refused()
    {
        var ns = await NamespaceWithConfigMapsAsync(3);
        var first = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 1);
        var status = await ApiAssert.FailsWith(400, () => Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 1,
            continueParameter: first.Metadata.ContinueProperty, resourceVersion: first.Metadata.ResourceVersion));
        ApiAssert.IsStatus(status, 400, "BadRequest", "specifying resource version is not allowed when using continue");
    }

    [Fact]
    public async Task A_resourceVersion_from_the_future_times_out_with_a_504()
    {
        var current = long.Parse((await Client.CoreV1.ListNamespaceAsync()).Metadata.ResourceVersion);
        var (code, body) = await cluster.SendAsync(HttpMethod.Get,
            $"/api/v1/namespaces?resourceVersion={current + 1000}&resourceVersionMatch=NotOlderThan");
        Assert.Equal(504, code);
        var status = ApiAssert.IsStatus(body, 504, "Timeout");
        Assert.StartsWith($"Timeout: Too large resource version: {current + 1000}, current: ", (string?)status["message"]);
    }
}
