using Coxswain.LocalCluster.Tests.EndToEnd;
using Coxswain.LocalCluster.Tests.Server;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>The real kubectl against a cluster with simulated nodes: nodes, a pod's life and its events as kubectl shows them.</summary>
public sealed class KubectlNodesEndToEndTests
{
    [Fact]
    public async Task Kubectl_shows_ready_nodes_a_running_pod_its_events_and_its_logs()
    {
        await using var cluster = await SimulatedCluster.StartAsync();
        using var home = new TemporaryDirectory();

        var nodes = await Kubectl(cluster, home, "get", "nodes");
        Assert.Matches(@"NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION", nodes);
        foreach (var node in new[] { "coxswain-worker-1", "coxswain-worker-2", "coxswain-worker-3" })
            Assert.Matches($@"{node}\s+Ready\s+<none>\s+\S+\s+v1\.32\.0", nodes);

        await Kubectl(cluster, home, "run", "web", "--image=nginx:1.27", "--port=80");
        await cluster.WaitForRunningAndReadyAsync("web");
        await cluster.WaitForEventsAsync("web", "Scheduled", "Pulling", "Pulled", "Created", "Started");

        var pods = await Kubectl(cluster, home, "get", "pods", "-o", "wide");
        Assert.Matches(@"web\s+1/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+coxswain-worker-\d", pods);

        var describe = await Kubectl(cluster, home, "describe", "pod", "web");
        Assert.Matches(@"Status:\s+Running", describe);
        Assert.Matches(@"Container ID:\s+containerd://[0-9a-f]{64}", describe);
        Assert.Matches(@"Image ID:\s+docker\.io/library/nginx@sha256:[0-9a-f]{64}", describe);
        Assert.Matches(@"Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default/web to coxswain-worker-\d", describe);
        Assert.Matches(@"Normal\s+Pulling\s+\S+\s+kubelet\s+Pulling image ""nginx:1\.27""", describe);
        Assert.Matches(@"Normal\s+Created\s+\S+\s+kubelet\s+Created container: web", describe);
        Assert.Matches(@"Normal\s+Started\s+\S+\s+kubelet\s+Started container web", describe);

        var logs = await Kubectl(cluster, home, "logs", "web");
        Assert.StartsWith("coxswain-sim: container web started", logs);

        var describeNode = await Kubectl(cluster, home, "describe", "node", "coxswain-worker-1");
        Assert.Matches(@"Ready\s+True\s+.*KubeletReady\s+kubelet is posting ready status", describeNode);
        Assert.Matches(@"HolderIdentity:\s+coxswain-worker-1", describeNode);
    }

    static Task<string> Kubectl(SimulatedCluster cluster, TemporaryDirectory home, params string[] args) =>
        new Kubectl(cluster.Server.KubeconfigPath, home.Path).SucceedAsync(args);
}
