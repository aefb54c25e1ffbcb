using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Tests.Server;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>
/// <c>kubectl port-forward</c> (the real kubectl) to process-backed pods: by pod and by Service (kubectl picks a pod and
/// maps the Service's targetPort itself), bytes through to the process and back; and to a simulated pod, where nothing
/// listens and the kubelet's error reaches kubectl.
/// </summary>
public sealed class PortForwardTests(ProcessPodClusterFixture fixture) : IClassFixture<ProcessPodClusterFixture>
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    SimulatedCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Port_forward_to_a_process_backed_pod_reaches_its_server()
    {
        await Cluster.CreatePodAsync(ProcessPodCluster.ServingPod("pf-pod"));
        await Cluster.WaitForPodAsync("pf-pod", SimulatedCluster.PodReady, "Ready", timeout: Timeout);
        using var home = new TemporaryDirectory();

        // kubectl tries WebSockets first (SPDY tunneled in binary messages); -v=6 shows which upgrade it made.
        using var forward = Kubectl(home).StartStreaming("port-forward", "pod/pf-pod", ":8080", "-v=6");
        var localPort = await LocalPortAsync(forward, 8080);

        // Two client connections: two error/data stream pairs on the one SPDY connection.
        Assert.Equal("ok", await GetAsync(forward, $"http://127.0.0.1:{localPort}/first"));
        Assert.Equal("ok", await GetAsync(forward, $"http://127.0.0.1:{localPort}/second"));
        await forward.WaitForLineAsync(l => l == "Handling connection for " + localPort, Timeout);
        Assert.Matches(@"GET https://\S+/api/v1/namespaces/default/pods/pf-pod/portforward 101 Switching Protocols", forward.Stderr);
    }

    [Fact]
    public async Task Port_forward_to_a_service_goes_to_a_pod_behind_its_target_port()
    {
        await Cluster.CreatePodAsync(ProcessPodCluster.ServingPod("pf-svc-pod"));
        await Cluster.Storage.CreateAsync(BuiltInResources.Services, "default", JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"pf-svc"},
             "spec":{"selector":{"app":"pf-svc-pod"},"ports":[{"name":"web","port":80,"targetPort":"http"}]}}
            """)!.AsObject(), new WriteOptions());
        await Cluster.WaitForPodAsync("pf-svc-pod", SimulatedCluster.PodReady, "Ready", timeout: Timeout);
        using var home = new TemporaryDirectory();

        // kubectl resolves the Service to a pod and its named targetPort to the container's port 8080. This one takes the
        // plain SPDY/3.1 upgrade, what kubectl falls back to without WebSockets (and what kubectl before 1.31 uses).
        using var forward = Kubectl(home).StartStreaming(new Dictionary<string, string> { ["KUBECTL_PORT_FORWARD_WEBSOCKETS"] = "false" },
            "port-forward", "svc/pf-svc", ":80", "-v=6");
        var localPort = await LocalPortAsync(forward, 8080);

        Assert.Equal("ok", await GetAsync(forward, $"http://127.0.0.1:{localPort}/metrics"));
        Assert.Matches(@"POST https://\S+/api/v1/namespaces/default/pods/pf-svc-pod/portforward 101 Switching Protocols", forward.Stderr);
    }

    [Fact]
    public async Task Port_forward_to_a_simulated_pod_reports_the_refused_connection_on_the_error_stream()
    {
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("pf-simulated"));
        var pod = await Cluster.WaitForRunningAndReadyAsync("pf-simulated");
        var podIp = (string)pod["status"]!["podIP"]!;
        using var home = new TemporaryDirectory();

        using var forward = Kubectl(home).StartStreaming("port-forward", "pod/pf-simulated", ":80");
        var localPort = await LocalPortAsync(forward, 80);

        // The local side accepts; the pod side refuses, so the client reads nothing and kubectl reports the kubelet's error.
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", localPort);
            var stream = client.GetStream();
            await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            using var deadline = new CancellationTokenSource(Timeout);
            try { Assert.Equal(0, await stream.ReadAsync(new byte[64], deadline.Token)); }
            catch (IOException) { } // reset instead of a clean close: equally "nothing there"
        }
        var error = await WaitForStderrAsync(forward, "lost connection to pod");
        // klog quotes the message, escaping its own quotes.
        var message = error.Replace("\\\"", "\"");
        Assert.Matches(new Regex(@"error forwarding port 80 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace " +
            $@""".*"": failed to connect to localhost:80 inside namespace ""[0-9a-f]{{64}}"", IPv4: dial tcp4 {Regex.Escape(podIp)}:80: connect: connection refused"), message);
    }

    [Fact]
    public async Task The_subresource_needs_a_pod_bound_to_a_node()
    {
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("pf-unscheduled", customize: p =>
            p["spec"]!["nodeSelector"] = new JsonObject { ["no-such-label"] = "x" }));
        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/pf-unscheduled/portforward");
        Assert.Equal(400, code);
        Assert.Contains("pod pf-unscheduled does not have a host assigned", body);

        (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/pf-missing/portforward");
        Assert.Equal(404, code);
        Assert.Equal("pods \"pf-missing\" not found", (string?)JsonNode.Parse(body)!["message"]);
    }

    Kubectl Kubectl(TemporaryDirectory home) => new(Cluster.Server.KubeconfigPath, home.Path);

    /// <summary>The local port kubectl chose, from "Forwarding from 127.0.0.1:NNNN -> PORT".</summary>
    static async Task<int> LocalPortAsync(StreamingKubectl forward, int remotePort)
    {
        var line = await forward.WaitForLineAsync(l => l.StartsWith("Forwarding from 127.0.0.1:", StringComparison.Ordinal), Timeout);
        var match = Regex.Match(line, @"^Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)$");
        Assert.True(match.Success, line);
        Assert.Equal(remotePort, int.Parse(match.Groups[2].Value));
        return int.Parse(match.Groups[1].Value);
    }

    /// <summary>A GET through the forward; a failure says what kubectl printed.</summary>
    static async Task<string> GetAsync(StreamingKubectl forward, string url)
    {
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            return await http.GetStringAsync(url);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"GET {url} failed: {e.Message}\nkubectl stdout:\n{string.Join('\n', forward.Lines)}\nstderr:\n{forward.Stderr}", e);
        }
    }

    static async Task<string> WaitForStderrAsync(StreamingKubectl forward, string text)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!forward.Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"kubectl never printed \"{text}\"; stderr:\n{forward.Stderr}");
            await Task.Delay(50);
        }
        return forward.Stderr;
    }
}
