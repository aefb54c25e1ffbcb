using System.Diagnostics;
using System.Net;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;
using Coxswain.KubeControllers;
using Coxswain.LocalCluster.Server;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// How far the local cluster scales on this machine, against kwok's published reference (1,000 nodes, 100,000 pods,
/// pods created at 20/s). One server with N simulated nodes, the scheduler, kubelets and the built-in controllers:
/// first raw pod creates (pods that match no node, so nothing else runs for them: the API's own rate), then a Deployment
/// rolling out P pods, timed until all are Ready (controllers + scheduler + kubelet + status writes). Reports pods
/// started/s against raw creates/s and against kwok's 20/s, with memory, CPU and create latency.
/// </summary>
public sealed class NodeScale : IBenchmark
{
    const double KwokPodsPerSecond = 20;

    public string Name => "node-scale";

    public string Description => "pods started/s on N simulated nodes via a Deployment rollout vs raw pod creates/s (and kwok's 20 pods/s)";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var nodes = options.Int("nodes", 1_000);
        var pods = options.Int("pods", 10_000);
        var concurrency = options.Int("concurrency", 32);
        using var dataDir = new TempDirectory("node-scale");
        var meter = ProcessMeter.Start();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"  starting a cluster with {nodes} nodes");
        await using var server = await LocalApiServer.StartAsync(
            new LocalClusterOptions { DataDir = dataDir.Path, Port = 0, InMemory = true, Nodes = nodes }, ct: ct).ConfigureAwait(false);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath));
        await using var controllers = new KubeControllerManager(client).Start();
        await WaitAsync(async () => (await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false)).Items.Count == nodes, ct).ConfigureAwait(false);
        var startup = clock.Elapsed;

        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "raw" } }, cancellationToken: ct).ConfigureAwait(false);
        Console.WriteLine($"  raw creates: {pods} pods that fit no node");
        var (rawElapsed, latency) = await CreateUnschedulablePodsAsync(client, pods, concurrency, ct).ConfigureAwait(false);
        await client.CoreV1.DeleteNamespaceAsync("raw", cancellationToken: ct).ConfigureAwait(false);

        Console.WriteLine($"  deployment rollout: {pods} replicas");
        clock.Restart();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(pods), "default", cancellationToken: ct).ConfigureAwait(false);
        await WaitAsync(async () =>
        {
            var d = await client.AppsV1.ReadNamespacedDeploymentAsync("scale", "default", cancellationToken: ct).ConfigureAwait(false);
            Console.Write($"\r  ready {d.Status?.ReadyReplicas ?? 0}/{pods}   ");
            return d.Status?.ReadyReplicas == pods;
        }, ct).ConfigureAwait(false);
        Console.WriteLine();
        var rolloutElapsed = clock.Elapsed;
        var cost = meter.Elapsed();
        var process = Process.GetCurrentProcess();

        var rawPerSecond = pods / rawElapsed.TotalSeconds;
        var startedPerSecond = pods / rolloutElapsed.TotalSeconds;
        return new BenchmarkReport(Name, "raw creates on the same server; kwok's published 20 pods/s",
        [
            new Comparison("pods started/s vs raw creates/s", "pods/s", startedPerSecond, rawPerSecond),
            new Comparison("pods started/s vs kwok's creation rate", "pods/s", startedPerSecond, KwokPodsPerSecond, MinRatio: 10),
            new Comparison("raw create p50 latency", "ms", latency.PercentileMs(50), null),
            new Comparison("raw create p99 latency", "ms", latency.PercentileMs(99), null),
        ],
        [
            $"{nodes} nodes registered and heartbeating in {startup.TotalSeconds:0.0} s; {pods} pods; {concurrency} concurrent raw creators",
            $"rollout of {pods} pods to Ready in {rolloutElapsed.TotalSeconds:0.0} s; raw creates took {rawElapsed.TotalSeconds:0.0} s",
            $"process at the end: working set {process.WorkingSet64 / (1024 * 1024)} MiB, GC heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB; {cost.Describe()}",
            $"kwok reference: 1,000 nodes and 100,000 pods at 20 pods/s; run with --nodes 1000 --pods 100000 for that scale",
        ]);
    }

    static async Task<(TimeSpan Elapsed, LatencyStats Latency)> CreateUnschedulablePodsAsync(Kubernetes client, int count, int concurrency, CancellationToken ct)
    {
        var next = -1;
        var ticks = new List<long>[concurrency];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            ticks[worker] = [];
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = $"raw-{i:000000}" },
                    Spec = new V1PodSpec
                    {
                        NodeSelector = new Dictionary<string, string> { ["bench.coxswain.io/nowhere"] = "true" },
                        Containers = [new V1Container { Name = "main", Image = "nginx:1.25" }],
                    },
                }, "raw", cancellationToken: ct).ConfigureAwait(false);
                ticks[worker].Add(Stopwatch.GetTimestamp() - started);
            }
        })).ConfigureAwait(false);
        return (clock.Elapsed, new LatencyStats(ticks.SelectMany(t => t)));
    }

    static V1Deployment Deployment(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "scale" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "scale" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "scale" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx:1.25" }] },
            },
        },
    };

    static async Task WaitAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                if (await condition().ConfigureAwait(false)) return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
            await Task.Delay(500, ct).ConfigureAwait(false);
        }
    }
}
