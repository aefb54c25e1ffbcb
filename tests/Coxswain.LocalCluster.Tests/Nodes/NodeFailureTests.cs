using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>Nodes that stop heartbeating, come back, or leave: what the node lifecycle controller, taint eviction and pod GC do.</summary>
public sealed class NodeFailureTests
{
    static JsonObject Node(SimulatedCluster cluster, string name) => cluster.Storage.Get(BuiltInResources.Nodes, null, name).ToJsonObject();

    static string? ReadyStatus(JsonObject node) =>
        (node["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => (string?)c?["type"] == "Ready")?["status"]?.ToString();

    static List<string> Taints(JsonObject node) =>
        (node["spec"]?["taints"] as JsonArray ?? []).Select(t => $"{t?["key"]}:{t?["effect"]}").Order().ToList();

    [Fact]
    public async Task A_stopped_node_goes_Unknown_after_the_grace_period_its_pods_unready_and_it_recovers_when_started()
    {
        await using var cluster = await SimulatedCluster.StartAsync(nodes: 2,
            options => options.NodeLifecycle.NodeMonitorGracePeriod = TimeSpan.FromSeconds(2));
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("victim", customize: p => p["spec"]!["nodeName"] = "coxswain-worker-1"));
        await cluster.WaitForRunningAndReadyAsync("victim");

        await cluster.Nodes.StopNodeAsync("coxswain-worker-1");
        // Nothing happens before the grace period (2s here) has passed.
        await Task.Delay(500);
        Assert.Equal("True", ReadyStatus(Node(cluster, "coxswain-worker-1")));

        await cluster.WaitUntilAsync(() => ReadyStatus(Node(cluster, "coxswain-worker-1")) == "Unknown", "node Unknown");
        var node = Node(cluster, "coxswain-worker-1");
        Assert.All(node["status"]!["conditions"]!.AsArray(), c =>
        {
            Assert.Equal("Unknown", (string?)c!["status"]);
            Assert.Equal("NodeStatusUnknown", (string?)c["reason"]);
            Assert.Equal("Kubelet stopped posting node status.", (string?)c["message"]);
        });
        await cluster.WaitUntilAsync(() => Taints(Node(cluster, "coxswain-worker-1")).Count == 2, "unreachable taints");
        Assert.Equal(["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"], Taints(Node(cluster, "coxswain-worker-1")));
        Assert.Equal("True", ReadyStatus(Node(cluster, "coxswain-worker-2")));

        var pod = await cluster.WaitForPodAsync("victim", p => (string?)SimulatedCluster.Condition(p, "Ready")?["status"] == "False", "pod not ready");
        Assert.Equal("Running", (string?)pod["status"]?["phase"]); // the phase is the kubelet's to change, and it is silent
        await cluster.WaitForEventAsync("victim", "NodeNotReady");
        Assert.Contains(cluster.EventsOf("victim"), e => e.Message == "Node is not ready" && e.Component == "node-controller");

        // New pods avoid the unreachable node.
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("newcomer"));
        var newcomer = await cluster.WaitForRunningAndReadyAsync("newcomer");
        Assert.Equal("coxswain-worker-2", (string?)newcomer["spec"]?["nodeName"]);

        await cluster.Nodes.StartNodeAsync("coxswain-worker-1");
        await cluster.WaitUntilAsync(() => ReadyStatus(Node(cluster, "coxswain-worker-1")) == "True", "node Ready again");
        await cluster.WaitUntilAsync(() => Taints(Node(cluster, "coxswain-worker-1")).Count == 0, "taints removed");
        await cluster.WaitForRunningAndReadyAsync("victim");
    }

    [Fact]
    public async Task A_Ready_condition_turned_False_by_another_party_is_repaired_by_the_kubelet_of_a_healthy_node()
    {
        // What the node lifecycle controller does to the pods of a node whose heartbeats came late (a loaded machine):
        // the node itself never stopped, so the kubelet's own view of the pod does not change; it must still notice
        // that the stored status disagrees with it and write it again, as the kubelet's status manager reconciles.
        await using var cluster = await SimulatedCluster.StartAsync(nodes: 1);
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("steady"));
        await cluster.WaitForRunningAndReadyAsync("steady");

        await cluster.Storage.GuaranteedUpdateAsync(BuiltInResources.Pods, "default", "steady", null,
            new WriteOptions(FieldManager: "node-controller"), pod =>
            {
                var status = (JsonObject)pod["status"]!;
                Coxswain.LocalCluster.Controllers.PodConditions.Set(status, "Ready", "False", null, null, DateTimeOffset.UtcNow);
                return pod;
            }, subresource: "status");

        await cluster.WaitForRunningAndReadyAsync("steady");
        Assert.Equal("True", (string?)SimulatedCluster.Condition(cluster.Pod("steady")!, "Ready")?["status"]);
    }

    [Fact]
    public async Task Pods_tolerating_unreachable_for_a_while_are_evicted_after_it()
    {
        await using var cluster = await SimulatedCluster.StartAsync(nodes: 2);
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("short-tolerance", customize: p =>
        {
            p["spec"]!["nodeName"] = "coxswain-worker-1";
            p["spec"]!["tolerations"] = JsonNode.Parse("""
                [{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":1}]
                """);
        }));
        await cluster.WaitForRunningAndReadyAsync("short-tolerance");

        await cluster.Nodes.StopNodeAsync("coxswain-worker-1");
        var evicted = await cluster.WaitForPodAsync("short-tolerance", p => p["metadata"]?["deletionTimestamp"] is not null, "evicted",
            timeout: TimeSpan.FromSeconds(15));
        var disruption = SimulatedCluster.Condition(evicted, "DisruptionTarget");
        Assert.Equal("DeletionByTaintManager", (string?)disruption?["reason"]);
        await cluster.WaitForEventAsync("short-tolerance",
            e => e.Reason == "TaintManagerEviction" && e.Message == "Marking for deletion Pod default/short-tolerance", "TaintManagerEviction");

        // The stopped kubelet cannot finish the deletion; once it is back, it does.
        Assert.NotNull(cluster.Pod("short-tolerance"));
        await cluster.Nodes.StartNodeAsync("coxswain-worker-1");
        await cluster.WaitUntilAsync(() => cluster.Pod("short-tolerance") is null, "pod deleted by its kubelet");
    }

    [Fact]
    public async Task Taints_set_through_the_node_API_keep_pods_away_and_a_NoExecute_taint_evicts()
    {
        await using var cluster = await SimulatedCluster.StartAsync(nodes: 1);
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("resident"));
        await cluster.WaitForRunningAndReadyAsync("resident");

        await cluster.Nodes.TaintNodeAsync("coxswain-worker-1", "maintenance", "now", "NoExecute");
        await cluster.WaitUntilAsync(() => cluster.Pod("resident") is null, "evicted and deleted");

        await cluster.Nodes.UntaintNodeAsync("coxswain-worker-1", "maintenance");
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("resident"));
        await cluster.WaitForRunningAndReadyAsync("resident");
    }

    [Fact]
    public async Task Nodes_can_be_added_and_a_removed_nodes_pods_are_collected()
    {
        await using var cluster = await SimulatedCluster.StartAsync(nodes: 1);
        var added = await cluster.Nodes.AddNodeAsync();
        Assert.Equal("coxswain-worker-2", added);
        await cluster.WaitUntilAsync(() => cluster.ReadyNodeCount() == 2, "second node ready");
        var node = Node(cluster, added);
        Assert.Equal("10.0.0.3", (string?)node["status"]?["addresses"]?[0]?["address"]);
        Assert.Equal("10.244.2.0/24", (string?)node["spec"]?["podCIDR"]);
        Assert.Equal("zone-b", (string?)node["metadata"]?["labels"]?["topology.kubernetes.io/zone"]);
        // The node's first heartbeat writes its Lease; Ready status and the Lease are separate writes.
        await cluster.WaitUntilAsync(() => cluster.Storage.TryGet(BuiltInResources.Leases, "kube-node-lease", added) is not null, "node lease created");

        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("on-added", customize: p => p["spec"]!["nodeName"] = added));
        await cluster.WaitForRunningAndReadyAsync("on-added");

        await cluster.Nodes.RemoveNodeAsync(added);
        await cluster.WaitUntilAsync(() => cluster.Pod("on-added") is null, "orphaned pod collected");
        Assert.Equal(["coxswain-worker-1"], cluster.Nodes.Names);
    }
}
