using Coxswain.LocalCluster.Server;
using Coxswain.LocalCluster.Tests.Server;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>A <c>coxswain up</c> restarted on the same data directory finds its nodes and pods as it left them.</summary>
public sealed class ServerRestartTests
{
    [Fact]
    public async Task Running_pods_are_adopted_after_a_restart_and_extra_nodes_from_a_bigger_run_go_away()
    {
        using var directory = new TemporaryDirectory();
        LocalClusterOptions Options(int nodes) => SimulatedCluster.TestOptions(directory.Path, nodes);

        string containerId, podIp;
        await using (var first = await SimulatedCluster.StartAsync(Options(3)))
        {
            await first.CreatePodAsync(SimulatedCluster.PodManifest("survivor", customize: p => p["spec"]!["nodeName"] = "coxswain-worker-1"));
            var pod = await first.WaitForRunningAndReadyAsync("survivor");
            containerId = (string)SimulatedCluster.ContainerStatus(pod)["containerID"]!;
            podIp = (string)pod["status"]!["podIP"]!;
        }

        await using var second = await SimulatedCluster.StartAsync(Options(2));
        await second.WaitUntilAsync(() => second.Server.Storage.TryGet(LocalCluster.Api.BuiltInResources.Nodes, null, "coxswain-worker-3") is null,
            "the third node removed");
        var adopted = await second.WaitForRunningAndReadyAsync("survivor");
        Assert.Equal(containerId, (string?)SimulatedCluster.ContainerStatus(adopted)["containerID"]);
        Assert.Equal(0, (int?)SimulatedCluster.ContainerStatus(adopted)["restartCount"]);
        Assert.Equal(podIp, (string?)adopted["status"]?["podIP"]);

        // The adopted pod's IP stays taken: the next pod on that node gets another one.
        await second.CreatePodAsync(SimulatedCluster.PodManifest("newcomer", customize: p => p["spec"]!["nodeName"] = "coxswain-worker-1"));
        var newcomer = await second.WaitForRunningAndReadyAsync("newcomer");
        Assert.NotEqual(podIp, (string?)newcomer["status"]?["podIP"]);
    }
}
