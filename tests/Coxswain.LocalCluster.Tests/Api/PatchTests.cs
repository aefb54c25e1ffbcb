using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>PATCH in the three formats built-in kinds accept, with the optimistic lock and the status split.</summary>
public sealed class PatchTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    Kubernetes Client => cluster.Client;

    async Task<(string Ns, V1ConfigMap Cm)> ConfigMapAsync()
    {
        var ns = await cluster.CreateNamespaceAsync("patch");
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "cm" },
            Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
        }, ns);
        return (ns, cm);
    }

    async Task<(string Ns, V1Pod Pod)> PodAsync()
    {
        var ns = await cluster.CreateNamespaceAsync("patch");
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container { Name = "main", Image = "nginx:1.27" },
                    new V1Container { Name = "side", Image = "busybox:1.36" },
                ],
            },
        }, ns);
        return (ns, pod);
    }

    [Fact]
    public async Task Merge_patch_merges_maps_and_null_deletes_a_key()
    {
        var (ns, before) = await ConfigMapAsync();
        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"blue"}},"data":{"a":"10","b":null,"c":"3"}}""", V1Patch.PatchType.MergePatch), "cm", ns);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "10", ["c"] = "3" }, patched.Data);
        Assert.Equal("blue", patched.Metadata.Labels["team"]);
        Assert.Equal(before.Metadata.Uid, patched.Metadata.Uid);
        Assert.True(long.Parse(patched.Metadata.ResourceVersion) > long.Parse(before.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Json_patch_applies_its_operations_in_order()
    {
        var (ns, _) = await ConfigMapAsync();
        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""
            [{"op":"test","path":"/data/a","value":"1"},
             {"op":"replace","path":"/data/a","value":"one"},
             {"op":"remove","path":"/data/b"},
             {"op":"add","path":"/data/c","value":"three"},
             {"op":"copy","from":"/data/c","path":"/data/d"}]
            """, V1Patch.PatchType.JsonPatch), "cm", ns);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "one", ["c"] = "three", ["d"] = "three" }, patched.Data);
    }

    [Fact]
    public async Task A_json_patch_that_does_not_apply_is_422_and_changes_nothing()
    {
        var (ns, before) = await ConfigMapAsync();
        foreach (var patch in new[]
        {
            """[{"op":"replace","path":"/data/a","value":"x"},{"op":"test","path":"/data/b","value":"wrong"}]""",
            """[{"op":"remove","path":"/data/missing"}]""",
            """[{"op":"frobnicate","path":"/data/a"}]""",
        })
        {
            var status = await ApiAssert.FailsWith(422, () =>
                Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(patch, V1Patch.PatchType.JsonPatch), "cm", ns));
            ApiAssert.IsStatus(status, 422, "Invalid", "the server rejected our request due to an error in our request");
        }
        var after = await Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns);
        Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal("1", after.Data["a"]);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name()
    {
        var (ns, _) = await PodAsync();
        var patched = await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(
            """{"spec":{"containers":[{"name":"main","image":"nginx:1.28"}]}}""", V1Patch.PatchType.StrategicMergePatch), "web", ns);

        Assert.Equal(["main", "side"], patched.Spec.Containers.Select(c => c.Name));
        Assert.Equal("nginx:1.28", patched.Spec.Containers[0].Image);
        Assert.Equal("busybox:1.36", patched.Spec.Containers[1].Image);
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task A_merge_patch_replaces_lists_wholesale()
    {
        var (ns, _) = await ConfigMapAsync();
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """{"metadata":{"finalizers":["example.com/a","example.com/b"]}}""", V1Patch.PatchType.MergePatch), "cm", ns);
        var replaced = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """{"metadata":{"finalizers":["example.com/c"]}}""", V1Patch.PatchType.MergePatch), "cm", ns);
        Assert.Equal(["example.com/c"], replaced.Metadata.Finalizers);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "cm", ns);
    }

    [Fact]
    public async Task Strategic_merge_patch_follows_each_fields_patch_strategy()
    {
        var (ns, _) = await ConfigMapAsync();
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """{"metadata":{"finalizers":["example.com/a"]}}""", V1Patch.PatchType.MergePatch), "cm", ns);
        // metadata.finalizers has patchStrategy "merge": a strategic patch adds to the set.
        var merged = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """{"metadata":{"finalizers":["example.com/b"]}}""", V1Patch.PatchType.StrategicMergePatch), "cm", ns);
        // (Order: without $setElementOrder, apimachinery's normalizeElementOrder puts the patch's items first.)
        Assert.Equal(["example.com/a", "example.com/b"], merged.Metadata.Finalizers.Order());
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "cm", ns);

        // Service ports merge by "port": the patch kubectl apply sends for one changed port keeps the others.
        await Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "svc" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "http", Port = 80 }, new V1ServicePort { Name = "https", Port = 443 }] },
        }, ns);
        var patched = await Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch(
            """{"spec":{"$setElementOrder/ports":[{"port":80},{"port":443}],"ports":[{"port":80,"targetPort":8080}]}}""",
            V1Patch.PatchType.StrategicMergePatch), "svc", ns);
        Assert.Equal([80, 443], patched.Spec.Ports.Select(p => p.Port));
        Assert.Equal("8080", patched.Spec.Ports[0].TargetPort.Value);
    }

    [Fact]
    public async Task A_resourceVersion_in_the_patch_is_an_optimistic_lock()
    {
        var (ns, before) = await ConfigMapAsync();
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"2"}}""", V1Patch.PatchType.MergePatch), "cm", ns);

        var stale = $$$"""{"metadata":{"resourceVersion":"{{{before.Metadata.ResourceVersion}}}"},"data":{"a":"3"}}""";
        var status = await ApiAssert.FailsWith(409, () =>
            Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(stale, V1Patch.PatchType.MergePatch), "cm", ns));
        ApiAssert.IsStatus(status, 409, "Conflict",
            "Operation cannot be fulfilled on configmaps \"cm\": the object has been modified; please apply your changes to the latest version and try again");
        Assert.Equal("2", (await Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns)).Data["a"]);
    }

    [Fact]
    public async Task Patching_a_missing_object_is_NotFound()
    {
        var ns = await cluster.CreateNamespaceAsync("patch");
        var status = await ApiAssert.FailsWith(404, () =>
            Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "ghost", ns));
        ApiAssert.IsStatus(status, 404, "NotFound", "configmaps \"ghost\" not found");
    }

    [Fact]
    public async Task An_unknown_patch_media_type_is_415()
    {
        var (ns, _) = await ConfigMapAsync();
        var (code, body) = await cluster.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/cm", "{}", "application/json");
        Assert.Equal(415, code);
        ApiAssert.IsStatus(body, 415, "UnsupportedMediaType");
    }

    [Fact]
    public async Task Patches_respect_the_status_subresource_split()
    {
        var (ns, _) = await PodAsync();
        var main = await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch(
            """{"metadata":{"labels":{"x":"y"}},"status":{"phase":"Running"}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal("y", main.Metadata.Labels["x"]);
        Assert.NotEqual("Running", main.Status?.Phase);

        var status = await Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(
            """{"metadata":{"labels":{"x":"z"}},"status":{"phase":"Running"}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal("Running", status.Status.Phase);
        Assert.Equal("y", status.Metadata.Labels["x"]);
        Assert.Equal(1, status.Metadata.Generation);
    }

    [Fact]
    public async Task Concurrent_patches_to_one_object_all_apply()
    {
        // Patches carry no precondition, so the server must retry its read-modify-write however contended the object is.
        var (ns, _) = await ConfigMapAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch($$$"""{"data":{"k{{{i}}}":"v"}}""", V1Patch.PatchType.MergePatch), "cm", ns)));
        var result = await Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns);
        Assert.All(Enumerable.Range(0, 40), i => Assert.True(result.Data.ContainsKey($"k{i}"), $"patch k{i} was lost"));
    }

    [Fact]
    public async Task DryRun_patch_answers_the_result_without_storing_it()
    {
        var (ns, before) = await ConfigMapAsync();
        var dry = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"dry"}}""", V1Patch.PatchType.MergePatch), "cm", ns, dryRun: "All");
        Assert.Equal("dry", dry.Data["a"]);
        var stored = await Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns);
        Assert.Equal("1", stored.Data["a"]);
        Assert.Equal(before.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }
}
