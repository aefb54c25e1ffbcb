using System.Diagnostics;
using System.Net;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;
using Coxswain.KubeControllers;
using Coxswain.LocalCluster.Server;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Coxswain.Bench.Support.PodStartTracker;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// How far the local cluster scales on this machine, against kwok's published reference (1,000 nodes, 100,000 pods,
/// pods created at 20/s). One server with N simulated nodes, the scheduler, kubelets and the built-in controllers:
/// first raw pod creates (pods that match no node, so nothing else runs for them: the API's own rate), then a Deployment
/// of P replicas timed until all its pods are Ready (controllers + scheduler + kubelet + status writes), while a second
/// Deployment rolls out a new image half-way through and a probe times creates and lists as a user would see them.
/// Reports pods started/s against raw creates/s and against kwok's 20/s, each stage's share, memory, CPU and API latency.
/// </summary>
public sealed class NodeScale : IBenchmark
{
    const double KwokPodsPerSecond = 20;
    const string ScaleNamespace = "scale";
    const string RolloutNamespace = "rollout";
    const string ProbeNamespace = "probe";
    const string RawNamespace = "raw";

    public string Name => "node-scale";

    public string Description => "pods started/s on N simulated nodes via a Deployment rollout vs raw pod creates/s (and kwok's 20 pods/s)";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var nodes = options.Int("nodes", 100);
        var pods = options.Int("pods", 1_000);
        var rawPods = options.Int("raw-pods", Math.Min(pods, 10_000));
        var rolloutReplicas = options.Int("rollout-replicas", Math.Clamp(pods / 100, 10, 100));
        var concurrency = options.Int("concurrency", 32);
        using var dataDir = new TempDirectory("node-scale");
        var meter = ProcessMeter.Start();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"  starting a cluster with {nodes} nodes");
        await using var server = await LocalApiServer.StartAsync(
            new LocalClusterOptions { DataDir = dataDir.Path, Port = 0, InMemory = true, Nodes = nodes }, ct: ct).ConfigureAwait(false);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath));
        using var http = BenchHttp.Create(server.BaseAddress, http2: false, server.CertificateAuthorityPem, server.Token);
        // As coxswain up runs them: in this process, their requests served in memory.
        using var controllerClient = server.CreateInProcessClient();
        await using var controllers = new KubeControllerManager(controllerClient).Start();
        await WaitAsync(async () => (await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false)).Items.Count == nodes, ct).ConfigureAwait(false);
        var startup = clock.Elapsed;
        foreach (var ns in new[] { RawNamespace, ScaleNamespace, RolloutNamespace, ProbeNamespace })
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct).ConfigureAwait(false);

        Console.WriteLine($"  raw creates: {rawPods} pods that fit no node");
        var (rawElapsed, rawLatency) = await CreateUnschedulablePodsAsync(client, rawPods, concurrency, ct).ConfigureAwait(false);
        // Gone before the rollout starts, so its deletions do not weigh on the figures.
        clock.Restart();
        await client.CoreV1.DeleteNamespaceAsync(RawNamespace, cancellationToken: ct).ConfigureAwait(false);
        await WaitAsync(async () =>
        {
            try
            {
                await client.CoreV1.ReadNamespaceAsync(RawNamespace, cancellationToken: ct).ConfigureAwait(false);
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }
        }, ct).ConfigureAwait(false);
        var rawCleanup = clock.Elapsed;

        Console.WriteLine($"  deployment {RolloutNamespace}/web: {rolloutReplicas} replicas");
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", rolloutReplicas, "nginx:1.25"), RolloutNamespace, cancellationToken: ct).ConfigureAwait(false);
        await WaitAsync(async () => RolledOut(await ReadAsync(client, RolloutNamespace, "web", ct).ConfigureAwait(false), rolloutReplicas), ct).ConfigureAwait(false);

        Console.WriteLine($"  deployment {ScaleNamespace}/scale: {pods} replicas; {RolloutNamespace}/web changes image when half are Ready");
        var rolloutMeter = ProcessMeter.Start();
        await using var tracker = new PodStartTracker(server.Store, ScaleNamespace);
        await using var probe = new ApiLatencyProbe(http, ProbeNamespace, TimeSpan.FromMilliseconds(200));
        clock.Restart();
        var started = Stopwatch.GetTimestamp();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("scale", pods, "nginx:1.25"), ScaleNamespace, cancellationToken: ct).ConfigureAwait(false);
        var imageRollout = RollOutNewImageAsync(client, tracker, pods / 2, rolloutReplicas, ct);
        var allReady = tracker.WhenReady(pods);
        while (await Task.WhenAny(allReady, Task.Delay(TimeSpan.FromSeconds(5), ct)).ConfigureAwait(false) != allReady)
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0}s  created {tracker.Count(Stage.Created)}  scheduled {tracker.Count(Stage.Scheduled)}  " +
                              $"running {tracker.Count(Stage.Running)}  ready {tracker.Count(Stage.Ready)}  (web rollout {(imageRollout.IsCompleted ? "done" : "running")})");
        var readyElapsed = Stopwatch.GetElapsedTime(started, await allReady.ConfigureAwait(false));
        var rolloutDuration = await imageRollout.ConfigureAwait(false);
        var rolloutCost = rolloutMeter.Elapsed();
        await probe.DisposeAsync().ConfigureAwait(false);
        var total = meter.Elapsed();
        var process = Process.GetCurrentProcess();

        var rawPerSecond = rawPods / rawElapsed.TotalSeconds;
        var startedPerSecond = pods / readyElapsed.TotalSeconds;
        var createdSpan = tracker.Span(Stage.Created);
        var scheduledSpan = tracker.Span(Stage.Scheduled);
        return new BenchmarkReport(Name, "raw creates on the same server; kwok's published 20 pods/s",
        [
            new Comparison("pods started (Ready)/s vs raw creates/s", "pods/s", startedPerSecond, rawPerSecond),
            new Comparison("pods started (Ready)/s vs kwok's 20 pods/s", "pods/s", startedPerSecond, KwokPodsPerSecond, MinRatio: 10),
            new Comparison("raw create p50, 32 clients, nodes idle", "ms", rawLatency.PercentileMs(50), null),
            new Comparison("raw create p99, 32 clients, nodes idle", "ms", rawLatency.PercentileMs(99), null),
            new Comparison("create p50 during the rollout", "ms", probe.Creates.PercentileMs(50), null),
            new Comparison("create p99 during the rollout", "ms", probe.Creates.PercentileMs(99), null),
            new Comparison("list of 100 pods p50 during the rollout", "ms", probe.Lists.PercentileMs(50), null),
            new Comparison("list of 100 pods p99 during the rollout", "ms", probe.Lists.PercentileMs(99), null),
            new Comparison($"image rollout of {rolloutReplicas} replicas under load", "s", rolloutDuration.TotalSeconds, null),
            new Comparison("CPU per pod started (whole process)", "ms", rolloutCost.Cpu.TotalMilliseconds / pods, null),
            new Comparison("peak working set", "MiB", process.PeakWorkingSet64 / (1024.0 * 1024), null),
        ],
        [
            $"{nodes} nodes registered and heartbeating in {startup.TotalSeconds:0.0} s; {pods} pods in the Deployment; {rawPods} raw creates by {concurrency} clients " +
            $"in {rawElapsed.TotalSeconds:0.0} s (namespace deleted in {rawCleanup.TotalSeconds:0.0} s)",
            $"all {pods} pods Ready {readyElapsed.TotalSeconds:0.0} s after the Deployment was created; pods created at " +
            $"{Rate(pods, createdSpan)}/s and bound at {Rate(pods, scheduledSpan)}/s (first to last)",
            $"per pod, p50 / p99: created→bound {Stages(tracker.Between(Stage.Created, Stage.Scheduled))}, bound→Running " +
            $"{Stages(tracker.Between(Stage.Scheduled, Stage.Running))}, Running→Ready {Stages(tracker.Between(Stage.Running, Stage.Ready))} " +
            "(the simulated sandbox takes 300 ms and the first pull of an image 1 s per node)",
            $"latency probe: {probe.Creates.Count} ConfigMap creates and {probe.Lists.Count} pod lists, every 200 ms during the rollout; {probe.Failures} failures",
            $"during the rollout: {rolloutCost.Describe()}",
            "writes per pod started (all namespaces, during the rollout): " + string.Join(", ", tracker.WritesByResource()
                .OrderByDescending(w => w.Value).Select(w => $"{w.Key} {(double)w.Value / pods:0.00}")),
            $"whole run: {total.Describe()}; working set at the end {process.WorkingSet64 / (1024 * 1024)} MiB, GC heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB",
            "kwok reference: 1,000 nodes and 100,000 pods created at 20 pods/s; run with --nodes 1000 --pods 100000 for that scale",
        ]);
    }

    static string Rate(int count, (long First, long Last) span) =>
        span.Last > span.First ? (count / Stopwatch.GetElapsedTime(span.First, span.Last).TotalSeconds).ToString("#,0") : "n/a";

    static string Stages(LatencyStats stats) => $"{stats.PercentileMs(50):#,0} / {stats.PercentileMs(99):#,0} ms";

    /// <summary>Once <paramref name="trigger"/> scale pods are Ready, changes the web Deployment's image and times its rollout.</summary>
    static async Task<TimeSpan> RollOutNewImageAsync(Kubernetes client, PodStartTracker tracker, int trigger, int replicas, CancellationToken ct)
    {
        await tracker.WhenReady(trigger).ConfigureAwait(false);
        var started = Stopwatch.StartNew();
        var patch = new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.26"}]}}}}""", V1Patch.PatchType.StrategicMergePatch);
        await client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", RolloutNamespace, cancellationToken: ct).ConfigureAwait(false);
        await WaitAsync(async () => RolledOut(await ReadAsync(client, RolloutNamespace, "web", ct).ConfigureAwait(false), replicas), ct).ConfigureAwait(false);
        return started.Elapsed;
    }

    static Task<V1Deployment> ReadAsync(Kubernetes client, string ns, string name, CancellationToken ct) =>
        client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct);

    /// <summary>What <c>kubectl rollout status</c> waits for: the latest generation observed and every replica updated and available.</summary>
    static bool RolledOut(V1Deployment d, int replicas) =>
        d.Status is { } s && s.ObservedGeneration >= d.Metadata.Generation && s.UpdatedReplicas == replicas && s.Replicas == replicas &&
        s.AvailableReplicas == replicas;

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
                }, RawNamespace, cancellationToken: ct).ConfigureAwait(false);
                ticks[worker].Add(Stopwatch.GetTimestamp() - started);
            }
        })).ConfigureAwait(false);
        return (clock.Elapsed, new LatencyStats(ticks.SelectMany(t => t)));
    }

    static V1Deployment Deployment(string name, int replicas, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
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
