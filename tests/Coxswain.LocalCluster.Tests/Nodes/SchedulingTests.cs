using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>Scheduling decisions of the in-process kube-scheduler against three simulated nodes (zones a, b, c).</summary>
public sealed class SchedulingTests : IAsyncLifetime
{
    SimulatedCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await SimulatedCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    static string NodeOf(JsonObject pod) => (string?)pod["spec"]?["nodeName"] ?? "";

    Task<JsonObject> WaitScheduled(string name) => cluster.WaitForPodAsync(name, p => NodeOf(p).Length > 0, "scheduled");

    Task<JsonObject> WaitUnschedulable(string name) =>
        cluster.WaitForPodAsync(name, p => (string?)SimulatedCluster.Condition(p, "PodScheduled")?["reason"] == "Unschedulable", "Unschedulable");

    [Fact]
    public async Task A_node_selector_picks_the_node_with_the_label()
    {
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("selected", customize: p =>
            p["spec"]!["nodeSelector"] = new JsonObject { ["topology.kubernetes.io/zone"] = "zone-b" }));
        Assert.Equal("coxswain-worker-2", NodeOf(await WaitScheduled("selected")));
    }

    [Fact]
    public async Task A_selector_no_node_matches_leaves_the_pod_unschedulable_with_the_schedulers_message_and_event()
    {
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("nowhere", customize: p =>
            p["spec"]!["nodeSelector"] = new JsonObject { ["disktype"] = "ssd" }));

        var pod = await WaitUnschedulable("nowhere");
        const string message = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. " +
                               "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
        var condition = SimulatedCluster.Condition(pod, "PodScheduled")!;
        Assert.Equal("False", (string?)condition["status"]);
        Assert.Equal(message, (string?)condition["message"]);
        Assert.Equal("Pending", (string?)pod["status"]?["phase"]);
        await cluster.WaitForEventAsync("nowhere", "FailedScheduling");
        Assert.Contains(cluster.EventsOf("nowhere"), e => e.Reason == "FailedScheduling" && e.Message == message && e.Component == "default-scheduler");
    }

    [Fact]
    public async Task An_unschedulable_pod_is_retried_when_a_node_changes()
    {
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("waits-for-label", customize: p =>
            p["spec"]!["nodeSelector"] = new JsonObject { ["gpu"] = "true" }));
        await WaitUnschedulable("waits-for-label");

        await cluster.Storage.GuaranteedUpdateAsync(BuiltInResources.Nodes, null, "coxswain-worker-3", null, new WriteOptions(), node =>
        {
            node["metadata"]!["labels"]!["gpu"] = "true";
            return node;
        });

        Assert.Equal("coxswain-worker-3", NodeOf(await WaitScheduled("waits-for-label")));
    }

    [Fact]
    public async Task Required_node_affinity_is_honoured()
    {
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("affine", customize: p => p["spec"]!["affinity"] = JsonNode.Parse("""
            {"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
              {"matchExpressions":[{"key":"topology.kubernetes.io/zone","operator":"NotIn","values":["zone-a","zone-b"]}]}]}}}
            """)));
        Assert.Equal("coxswain-worker-3", NodeOf(await WaitScheduled("affine")));
    }

    [Fact]
    public async Task A_tainted_node_takes_only_pods_that_tolerate_the_taint()
    {
        foreach (var node in new[] { "coxswain-worker-1", "coxswain-worker-2" })
            await cluster.Nodes.TaintNodeAsync(node, "dedicated", "infra", "NoSchedule");

        for (var i = 0; i < 3; i++) await cluster.CreatePodAsync(SimulatedCluster.PodManifest($"plain-{i}"));
        for (var i = 0; i < 3; i++) Assert.Equal("coxswain-worker-3", NodeOf(await WaitScheduled($"plain-{i}")));

        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("tolerant", customize: p =>
        {
            p["spec"]!["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = "coxswain-worker-1" };
            p["spec"]!["tolerations"] = JsonNode.Parse("""[{"key":"dedicated","operator":"Equal","value":"infra","effect":"NoSchedule"}]""");
        }));
        Assert.Equal("coxswain-worker-1", NodeOf(await WaitScheduled("tolerant")));

        await cluster.Nodes.TaintNodeAsync("coxswain-worker-3", "dedicated", "infra", "NoSchedule");
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("intolerant"));
        var pod = await WaitUnschedulable("intolerant");
        Assert.Equal("0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: infra}. " +
                     "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
            (string?)SimulatedCluster.Condition(pod, "PodScheduled")?["message"]);
    }

    [Fact]
    public async Task Pods_of_one_owner_spread_over_nodes_and_zones()
    {
        // The owner must exist, or the garbage collector deletes its pods; a ConfigMap will do.
        var owned = await cluster.Storage.CreateAsync(BuiltInResources.ConfigMaps, "default",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "owner" } }, new WriteOptions());
        var owner = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "owner", ["uid"] = owned.Attributes.Uid, ["controller"] = true,
        };
        for (var i = 0; i < 6; i++)
            await cluster.CreatePodAsync(SimulatedCluster.PodManifest($"replica-{i}", customize: p =>
                p["metadata"]!["ownerReferences"] = new JsonArray(owner.DeepClone())));

        var nodes = new List<string>();
        for (var i = 0; i < 6; i++) nodes.Add(NodeOf(await WaitScheduled($"replica-{i}")));
        Assert.All(nodes.GroupBy(n => n), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public async Task Requests_beyond_what_is_left_on_every_node_are_reported_per_resource()
    {
        // Three pods of 3 cpu fill the 4-cpu nodes so that a fourth does not fit anywhere.
        for (var i = 0; i < 3; i++)
            await cluster.CreatePodAsync(SimulatedCluster.PodManifest($"big-{i}", customize: p => Requests(p, "3", "1Gi")));
        for (var i = 0; i < 3; i++) await WaitScheduled($"big-{i}");
        Assert.Equal(3, Enumerable.Range(0, 3).Select(i => NodeOf(cluster.Pod($"big-{i}")!)).Distinct().Count());

        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("too-big", customize: p => Requests(p, "2", "20Gi")));
        var pod = await WaitUnschedulable("too-big");
        Assert.Equal("0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. " +
                     "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
            (string?)SimulatedCluster.Condition(pod, "PodScheduled")?["message"]);

        // Freeing one node lets it through (a pod deletion retries unschedulable pods).
        await cluster.Storage.DeleteAsync(BuiltInResources.Pods, "default", "big-0", new DeleteOptions(GracePeriodSeconds: 0));
        await cluster.Storage.GuaranteedUpdateAsync(BuiltInResources.Pods, "default", "too-big", null, new WriteOptions(), p => p);
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("fits", customize: p => Requests(p, "1", "1Gi")));
        await WaitScheduled("fits");
    }

    [Fact]
    public async Task Host_ports_are_exclusive_per_node()
    {
        for (var i = 0; i < 4; i++)
            await cluster.CreatePodAsync(SimulatedCluster.PodManifest($"port-{i}", customize: p =>
                p["spec"]!["containers"]![0]!["ports"] = JsonNode.Parse("""[{"containerPort":80,"hostPort":8080,"protocol":"TCP"}]""")));
        for (var i = 0; i < 3; i++) await WaitScheduled($"port-{i}");
        Assert.Equal(3, Enumerable.Range(0, 3).Select(i => NodeOf(cluster.Pod($"port-{i}")!)).Distinct().Count());
        var pod = await WaitUnschedulable("port-3");
        Assert.StartsWith("0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.",
            (string?)SimulatedCluster.Condition(pod, "PodScheduled")?["message"]);
    }

    [Fact]
    public async Task A_cordoned_node_gets_no_new_pods()
    {
        foreach (var node in new[] { "coxswain-worker-1", "coxswain-worker-3" })
            await cluster.Storage.GuaranteedUpdateAsync(BuiltInResources.Nodes, null, node, null, new WriteOptions(), n =>
            {
                n["spec"]!["unschedulable"] = true;
                return n;
            });
        for (var i = 0; i < 3; i++) await cluster.CreatePodAsync(SimulatedCluster.PodManifest($"uncordoned-{i}"));
        for (var i = 0; i < 3; i++) Assert.Equal("coxswain-worker-2", NodeOf(await WaitScheduled($"uncordoned-{i}")));
    }

    static void Requests(JsonObject pod, string cpu, string memory) =>
        pod["spec"]!["containers"]![0]!["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory } };
}
