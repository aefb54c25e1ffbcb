using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>Deletion that takes time: namespaces draining their content, finalizers holding objects, graceful pod deletion.</summary>
public sealed class DeletionLifecycleTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    Kubernetes Client => cluster.Client;

    async Task<bool> NamespaceExistsAsync(string name)
    {
        var all = await Client.CoreV1.ListNamespaceAsync();
        return all.Items.Any(n => n.Metadata.Name == name);
    }

    [Fact]
    public async Task A_namespace_held_by_a_finalizer_says_what_remains_in_its_conditions()
    {
        var ns = await cluster.CreateNamespaceAsync("held");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "cm", Finalizers = ["example.com/hold"] },
        }, ns);
        await Client.CoreV1.DeleteNamespaceAsync(ns);

        V1Namespace? held = null;
        await Eventually.True(async () =>
        {
            held = await Client.CoreV1.ReadNamespaceAsync(ns);
            return held.Status?.Conditions?.Any(c => c.Type == "NamespaceFinalizersRemaining" && c.Status == "True") == true;
        }, what: "finalizers reported");
        var conditions = held!.Status.Conditions.ToDictionary(c => c.Type, c => (c.Status, c.Reason, c.Message));
        Assert.Equal(("False", "ResourcesDiscovered", "All resources successfully discovered"), conditions["NamespaceDeletionDiscoveryFailure"]);
        Assert.Equal(("False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"), conditions["NamespaceDeletionContentFailure"]);
        Assert.Equal(("True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances"), conditions["NamespaceContentRemaining"]);
        Assert.Equal(("True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"),
            conditions["NamespaceFinalizersRemaining"]);

        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "cm", ns);
        await Eventually.True(async () => !await NamespaceExistsAsync(ns), what: $"namespace {ns} to disappear");
    }

    [Fact]
    public async Task Deleting_a_namespace_makes_it_Terminating_deletes_its_contents_then_removes_it()
    {
        var ns = await cluster.CreateNamespaceAsync("doomed");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);
        // A bystander in another namespace must survive.
        var bystander = await cluster.CreateNamespaceAsync("bystander");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, bystander);

        // The answer is the Namespace itself, now Terminating (the client library's typed call expects a Status, so raw).
        var (code, deleting) = await cluster.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}");
        Assert.Equal(200, code);
        Assert.Equal("Namespace", (string?)deleting!["kind"]);
        Assert.Equal("Terminating", (string?)deleting["status"]!["phase"]);
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);

        await Eventually.True(async () => !await NamespaceExistsAsync(ns), what: $"namespace {ns} to disappear");
        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
        Assert.Empty((await Client.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.Empty((await Client.CoreV1.ListNamespacedServiceAccountAsync(ns)).Items);
        Assert.Single((await Client.CoreV1.ListNamespacedConfigMapAsync(bystander)).Items);

        // The name is free again.
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task The_system_namespaces_may_not_be_deleted(string ns)
    {
        foreach (var query in new[] { "", "?dryRun=All" })
        {
            var (code, body) = await cluster.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}{query}");
            Assert.Equal(403, code);
            ApiAssert.IsStatus(body, 403, "Forbidden", $"namespaces \"{ns}\" is forbidden: this namespace may not be deleted");
        }
        var still = await Client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Null(still.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Creating_in_a_terminating_namespace_is_Forbidden()
    {
        var ns = await cluster.CreateNamespaceAsync("closing");
        // A finalized object keeps the namespace Terminating for as long as the test needs.
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] },
        }, ns);
        await Client.CoreV1.DeleteNamespaceAsync(ns);

        var status = await ApiAssert.FailsWith(403, () =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, ns));
        ApiAssert.IsStatus(status, 403, "Forbidden",
            $"configmaps \"late\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("NamespaceTerminating", (string?)cause["reason"]);
        Assert.Equal("metadata.namespace", (string?)cause["field"]);

        // Release the finalizer: the object goes, and with it the namespace.
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", ns);
        await Eventually.True(async () => !await NamespaceExistsAsync(ns), what: $"namespace {ns} to disappear");
    }

    [Fact]
    public async Task The_finalize_subresource_sets_the_namespaces_spec_finalizers()
    {
        var ns = await cluster.CreateNamespaceAsync("fin");
        var created = await Client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal(["kubernetes"], created.Spec.Finalizers);

        // A plain update cannot touch spec.finalizers; /finalize can.
        created.Spec.Finalizers = [];
        var updated = await Client.CoreV1.ReplaceNamespaceAsync(created, ns);
        Assert.Equal(["kubernetes"], updated.Spec.Finalizers);
        var (code, finalized) = await cluster.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/finalize",
            $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"},"spec":{"finalizers":[]}}""");
        Assert.True(200 == code, finalized?.ToJsonString());
        Assert.Empty(finalized!["spec"]!["finalizers"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task A_finalizer_keeps_a_deleted_object_until_it_is_removed()
    {
        var ns = await cluster.CreateNamespaceAsync("final");
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "cm", Finalizers = ["example.com/a", "example.com/b"] },
        }, ns);
        var rv = created.Metadata.ResourceVersion;
        await using var watch = await RawWatch.OpenAsync(cluster.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}");

        // DELETE answers with the object, now carrying a deletionTimestamp; it stays readable.
        var (code, body) = await cluster.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/cm");
        Assert.Equal(200, code);
        Assert.Equal("ConfigMap", (string?)body!["kind"]);
        Assert.NotNull(body["metadata"]!["deletionTimestamp"]);
        var held = await Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns);
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        Assert.Equal(0, held.Metadata.DeletionGracePeriodSeconds);

        // A second DELETE changes nothing.
        var again = await Client.CoreV1.DeleteNamespacedConfigMapAsync("cm", ns);
        Assert.Equal(held.Metadata.ResourceVersion, (await Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns)).Metadata.ResourceVersion);

        // No new finalizers while deleting.
        held.Metadata.Finalizers.Add("example.com/c");
        var status = await ApiAssert.FailsWith(422, () => Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, "cm", ns));
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Contains("no new finalizers can be added if the object is being deleted", (string?)status["message"]);

        // Removing one finalizer keeps it; removing the last one deletes it.
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"remove","path":"/metadata/finalizers/0"}]""", V1Patch.PatchType.JsonPatch), "cm", ns);
        Assert.NotNull(await Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns));
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"remove","path":"/metadata/finalizers/0"}]""", V1Patch.PatchType.JsonPatch), "cm", ns);
        await ApiAssert.FailsWith(404, () => Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns));

        // Watchers saw: deletion requested, one finalizer gone, the last one gone, then the object deleted.
        var events = await watch.TakeAsync(4);
        Assert.Equal(["MODIFIED", "MODIFIED", "MODIFIED", "DELETED"], events.Select(e => e.Type()));
        Assert.Empty(events[3]["object"]!["metadata"]!["finalizers"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task A_scheduled_pod_is_deleted_gracefully_and_a_zero_grace_delete_removes_it()
    {
        var ns = await cluster.CreateNamespaceAsync("grace");
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);

        var terminating = await Client.CoreV1.DeleteNamespacedPodAsync("p", ns);
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(pod.Metadata.Generation + 1, terminating.Metadata.Generation);
        Assert.NotNull(await Client.CoreV1.ReadNamespacedPodAsync("p", ns));

        await Client.CoreV1.DeleteNamespacedPodAsync("p", ns, gracePeriodSeconds: 0);
        await ApiAssert.FailsWith(404, () => Client.CoreV1.ReadNamespacedPodAsync("p", ns));
    }
}
