using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Tests.EndToEnd;
using Coxswain.LocalCluster.Tests.Nodes;
using Coxswain.LocalCluster.Tests.Server;

namespace Coxswain.LocalCluster.Tests.Disruption;

/// <summary>The real <c>kubectl drain</c> against simulated nodes: it cordons, evicts through pods/eviction and respects a budget.</summary>
public sealed class KubectlDrainTests
{
    const string Node = "coxswain-worker-1";

    [Fact]
    public async Task Drain_is_held_by_a_budget_and_completes_once_the_budget_allows()
    {
        await using var cluster = await SimulatedCluster.StartAsync();
        using var home = new TemporaryDirectory();
        var kubectl = new Kubectl(cluster.Server.KubeconfigPath, home.Path);

        foreach (var (name, node) in new[] { ("db-1", Node), ("db-2", Node), ("db-3", "coxswain-worker-2") })
            await cluster.CreatePodAsync(SimulatedCluster.PodManifest(name, customize: p =>
            {
                p["metadata"]!["labels"] = new JsonObject { ["app"] = "db" };
                p["spec"]!["nodeName"] = node;
            }));
        foreach (var name in new[] { "db-1", "db-2", "db-3" }) await cluster.WaitForRunningAndReadyAsync(name);
        var pdb = await kubectl.SucceedAsync("create", "poddisruptionbudget", "db", "--selector=app=db", "--min-available=2");
        Assert.Equal("poddisruptionbudget.policy/db created\n", pdb);
        await cluster.WaitUntilAsync(() => (long?)cluster.Storage.Get(BuiltInResources.PodDisruptionBudgets, "default", "db")
            .ToJsonObject()["status"]?["disruptionsAllowed"] == 1, "one disruption allowed");
        Assert.Matches(@"db\s+2\s+N/A\s+1\s+\S+", await kubectl.SucceedAsync("get", "pdb", "db"));

        // One of the node's two pods may go; the other is held by the budget until drain gives up.
        var held = await kubectl.RunAsync(["drain", Node, "--force", "--timeout=3s"], timeout: TimeSpan.FromSeconds(60));
        Assert.True(held.ExitCode != 0, held.ToString());
        Assert.Contains($"node/{Node} cordoned", held.Stdout + held.Stderr);
        Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget.", held.Stderr);
        Assert.Contains("(will retry after 5s)", held.Stderr);
        var nodeJson = cluster.Storage.Get(BuiltInResources.Nodes, null, Node).ToJsonObject();
        Assert.True((bool?)nodeJson["spec"]?["unschedulable"]);

        await kubectl.SucceedAsync("patch", "pdb", "db", "--type=merge", "-p", """{"spec":{"minAvailable":1}}""");
        var drained = await kubectl.RunAsync(["drain", Node, "--force", "--timeout=20s"], timeout: TimeSpan.FromSeconds(60));
        Assert.True(drained.ExitCode == 0, drained.ToString());
        Assert.Contains($"node/{Node} drained", drained.Stdout);
        Assert.Null(cluster.Pod("db-1"));
        Assert.Null(cluster.Pod("db-2"));
        Assert.NotNull(cluster.Pod("db-3"));
    }
}
