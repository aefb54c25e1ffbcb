using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tests.Nodes;

public sealed class PodLifecycleTests
{
    [Fact]
    public async Task A_new_pod_is_scheduled_pulled_created_started_and_becomes_ready()
    {
        await using var cluster = await SimulatedCluster.StartAsync();
        await cluster.CreatePodAsync(SimulatedCluster.PodManifest("web"));

        var pod = await cluster.WaitForRunningAndReadyAsync("web");
        var node = (string?)pod["spec"]?["nodeName"];
        Assert.StartsWith("coxswain-worker-", node);
        Assert.Matches(@"^10\.244\.\d+\.\d+$", (string?)pod["status"]?["podIP"]);
        Assert.Matches(@"^10\.0\.0\.\d+$", (string?)pod["status"]?["hostIP"]);
        var status = SimulatedCluster.ContainerStatus(pod);
        Assert.Equal("docker.io/library/nginx:1.27", (string?)status["image"]);
        Assert.StartsWith("docker.io/library/nginx@sha256:", (string?)status["imageID"]);
        Assert.StartsWith("containerd://", (string?)status["containerID"]);
        Assert.Equal(0, (int?)status["restartCount"]);
        Assert.True((bool?)status["started"]);

        await cluster.WaitForEventAsync("web", "Started");
        var events = cluster.EventsOf("web");
        Assert.Equal(["Scheduled", "Pulling", "Pulled", "Created", "Started"], events.Select(e => e.Reason));
        Assert.Equal($"Successfully assigned default/web to {node}", events[0].Message);
        Assert.Equal("default-scheduler", events[0].Component);
        Assert.Equal("Pulling image \"nginx:1.27\"", events[1].Message);
        Assert.Equal("Created container: app", events[3].Message);
        Assert.Equal("Started container app", events[4].Message);
        Assert.All(events.Skip(1), e => Assert.Equal("kubelet", e.Component));
    }
}
