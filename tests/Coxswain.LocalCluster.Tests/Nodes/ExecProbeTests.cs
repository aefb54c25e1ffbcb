using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>
/// Exec probes of process-backed containers run their command for real (the test program stands in for the coxswain CLI:
/// <c>coxswain exit CODE MESSAGE</c>), with the container's env and working directory; the exit code decides.
/// </summary>
public sealed class ExecProbeTests(ProcessPodClusterFixture fixture) : IClassFixture<ProcessPodClusterFixture>
{
    SimulatedCluster Cluster => fixture.Cluster;

    /// <summary>A serving pod with an exec probe, created over HTTPS.</summary>
    async Task CreateAsync(string name, string probe, string command, params JsonObject[] env)
    {
        var pod = ProcessPodCluster.ServingPod(name);
        var container = ProcessPodCluster.Container(pod);
        container.Remove("readinessProbe");
        foreach (var variable in env) container["env"]!.AsArray().Add(variable);
        // A generous timeout: the command is a .NET program, slow to start on a loaded machine.
        container[probe] = JsonNode.Parse($$"""{"exec":{"command":{{command}}},"periodSeconds":1,"timeoutSeconds":30,"failureThreshold":2}""");
        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", pod.ToJsonString());
        Assert.True(code == 201, body);
    }

    [Fact]
    public async Task A_failing_exec_readiness_probe_keeps_the_pod_unready_and_a_passing_one_makes_it_ready()
    {
        await CreateAsync("exec-unready", "readinessProbe", """["coxswain","exit","1","not ready yet"]""");
        await CreateAsync("exec-ready", "readinessProbe", """["/usr/local/bin/coxswain","exit","$(CODE)"]""", new JsonObject { ["name"] = "CODE", ["value"] = "0" });

        await Cluster.WaitForPodAsync("exec-ready", SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(60));
        await Cluster.WaitForEventAsync("exec-unready", e => e.Reason == "Unhealthy" && e.Message.StartsWith("Readiness probe failed: ", StringComparison.Ordinal)
            && e.Message.Contains("not ready yet\n", StringComparison.Ordinal) && e.Message.Contains("stderr: not ready yet\n", StringComparison.Ordinal),
            "Unhealthy with the command's output", timeout: TimeSpan.FromSeconds(60));
        var unready = Cluster.Pod("exec-unready")!;
        Assert.Equal("Running", (string?)unready["status"]!["phase"]);
        Assert.False(SimulatedCluster.PodReady(unready));
        Assert.Equal(0, (int?)SimulatedCluster.ContainerStatus(unready)["restartCount"]);
    }

    [Fact]
    public async Task A_failing_exec_liveness_probe_restarts_the_container_with_the_kubelets_events()
    {
        await CreateAsync("exec-liveness", "livenessProbe", """["coxswain","exit","3","unhealthy"]""");

        await Cluster.WaitForEventAsync("exec-liveness", e => e.Reason == "Killing" && e.Message == "Container app failed liveness probe, will be restarted",
            "Killing", timeout: TimeSpan.FromSeconds(60));
        await Cluster.WaitForEventAsync("exec-liveness", e => e.Reason == "Unhealthy" && e.Message.StartsWith("Liveness probe failed: ", StringComparison.Ordinal)
            && e.Message.Contains("unhealthy\n", StringComparison.Ordinal), "Unhealthy");
        await Cluster.WaitForPodAsync("exec-liveness", p => (int?)SimulatedCluster.ContainerStatus(p)["restartCount"] >= 1, "restarted", timeout: TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task An_exec_probe_whose_command_is_not_in_the_image_errors()
    {
        await CreateAsync("exec-no-shell", "readinessProbe", """["sh","-c","true"]""");

        await Cluster.WaitForEventAsync("exec-no-shell", e => e.Reason == "Unhealthy"
            && e.Message.StartsWith("Readiness probe errored: rpc error: code = Unknown desc = failed to exec in container: failed to start exec \"", StringComparison.Ordinal)
            && e.Message.EndsWith("\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"sh\": executable file not found in $PATH: unknown",
                StringComparison.Ordinal), "Unhealthy (errored)", timeout: TimeSpan.FromSeconds(60));
        Assert.False(SimulatedCluster.PodReady(Cluster.Pod("exec-no-shell")!));
    }
}
