using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Kubelet.Processes;
using Coxswain.LocalCluster.Server;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>
/// A simulated cluster whose process-backed containers run tests/Coxswain.TestContainer (in place of the coxswain CLI),
/// and pod manifests for it.
/// </summary>
internal static class ProcessPodCluster
{
    public const string Image = "coxswain.local/coxswain:test";

    /// <summary>Clusters running side by side in this test process each get their own loopback range, or their pods' ports clash.</summary>
    static int lastSecondOctet = 100;

    public static Task<SimulatedCluster> StartAsync(int nodes = 1) => SimulatedCluster.StartAsync(nodes, Configure);

    /// <summary>Process-backed containers run the test program, on a loopback range of this cluster's own.</summary>
    public static void Configure(LocalClusterOptions options)
    {
        options.ProcessContainers.LoopbackSecondOctet = (byte)Interlocked.Increment(ref lastSecondOctet);
        options.ProcessContainers.Command = ProcessCommand.DotnetAssembly(Path.Combine(AppContext.BaseDirectory, "Coxswain.TestContainer.dll"));
        options.ProcessContainers.ShutdownGracePeriod = TimeSpan.FromSeconds(2);
    }

    /// <summary>A pod running <c>serve</c> on port 8080 with its pod IP in POD_IP and an HTTP readiness probe.</summary>
    public static JsonObject ServingPod(string name, params string[] extraArgs)
    {
        var args = new JsonArray("serve", "--port", "8080");
        foreach (var a in extraArgs) args.Add(a);
        return SimulatedCluster.PodManifest(name, Image, p =>
        {
            p["metadata"]!["labels"] = new JsonObject { ["app"] = name };
            var c = p["spec"]!["containers"]![0]!.AsObject();
            c["args"] = args;
            c["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 });
            c["env"] = new JsonArray(FieldRef("POD_IP", "status.podIP"));
            c["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "http" },
                ["periodSeconds"] = 1,
            };
        });
    }

    public static JsonObject FieldRef(string name, string path) =>
        new() { ["name"] = name, ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = path } } };

    public static JsonObject Container(JsonObject pod) => pod["spec"]!["containers"]![0]!.AsObject();

    /// <summary>The pid the test program printed first thing ("pid N") in its current (or previous) log.</summary>
    public static async Task<int> PidAsync(SimulatedCluster cluster, string pod, bool previous = false)
    {
        var log = await LogAsync(cluster, pod, l => l.Contains("listening on"), previous ? "?previous=true" : "");
        return int.Parse(log.Split('\n').First(l => l.StartsWith("pid ", StringComparison.Ordinal))[4..]);
    }

    /// <summary>Reads the pod's log (with the query given) until it satisfies <paramref name="done"/>.</summary>
    public static async Task<string> LogAsync(SimulatedCluster cluster, string pod, Func<string, bool> done, string query = "")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var (code, body) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/pods/{pod}/log{query}");
            if (code == 200 && done(body)) return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"log of {pod}{query} never matched; last ({code}):\n{body}");
            await Task.Delay(50);
        }
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
