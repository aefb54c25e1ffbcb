using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.KubeControllers;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Nodes;
using Coxswain.LocalCluster.Scheduling;
using Coxswain.LocalCluster.Server;
using Coxswain.LocalCluster.Tests.Server;
using k8s;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>
/// A local cluster with simulated nodes on a free port, in memory, with every timing shortened so that pods run within
/// milliseconds; plus helpers to create pods and wait for what the cluster does with them. With
/// <c>kubeControllers</c>, kube-controller-manager's workload controllers (ReplicaSet, Deployment, DaemonSet) run
/// against it over HTTPS, as in <c>coxswain up</c>.
/// </summary>
internal sealed class SimulatedCluster : IAsyncDisposable
{
    /// <summary>The data directory when this cluster owns it (deleted on dispose).</summary>
    readonly TemporaryDirectory? ownDirectory;
    KubeControllerManager? kubeControllers;
    Kubernetes? controllersClient;
    Kubernetes? client;

    SimulatedCluster(TemporaryDirectory? ownDirectory, string dataDir, LocalApiServer server, HttpClient http)
    {
        this.ownDirectory = ownDirectory;
        DataDir = dataDir;
        Server = server;
        Http = http;
    }

    public LocalApiServer Server { get; }
    public HttpClient Http { get; }
    public ResourceStorage Storage => Server.Storage;
    public SimulatedNodes Nodes => Server.Nodes ?? throw new InvalidOperationException("started without nodes");
    public string DataDir { get; }

    public static async Task<SimulatedCluster> StartAsync(int nodes = 3, Action<LocalClusterOptions>? configure = null, bool kubeControllers = false)
    {
        var directory = new TemporaryDirectory();
        var options = TestOptions(directory.Path, nodes);
        options.InMemory = true;
        configure?.Invoke(options);
        var cluster = await StartAsync(options, directory);
        if (kubeControllers) cluster.StartKubeControllers();
        return cluster;
    }

    /// <summary>A KubernetesClient from the kubeconfig the server wrote, as a user's program builds it.</summary>
    public Kubernetes Client => client ??= new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath));

    /// <summary>
    /// Runs the ReplicaSet, Deployment and DaemonSet controllers against this cluster until it is disposed, through a
    /// client of their own when <paramref name="handlers"/> alter their traffic (e.g. a <c>SlowWatch</c>).
    /// </summary>
    public void StartKubeControllers(params DelegatingHandler[] handlers)
    {
        if (kubeControllers is not null) return;
        if (handlers.Length > 0) controllersClient = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath), handlers);
        kubeControllers = new KubeControllerManager(controllersClient ?? Client).Start();
    }

    /// <summary>Starts a cluster on a data directory the caller keeps (to start another server on it later).</summary>
    public static Task<SimulatedCluster> StartAsync(LocalClusterOptions options) => StartAsync(options, ownDirectory: null);

    /// <summary>A free port and every timing shortened: pods run within tens of milliseconds, nodes fail within a second.</summary>
    public static LocalClusterOptions TestOptions(string dataDir, int nodes) => new()
    {
        DataDir = dataDir,
        Port = 0,
        Nodes = nodes,
        NodeSimulation = NodeSimulationOptions.Fast(),
        NodeLifecycle = new NodeLifecycleOptions
        {
            NodeMonitorGracePeriod = TimeSpan.FromSeconds(1),
            NodeMonitorPeriod = TimeSpan.FromMilliseconds(100),
            OrphanedPodQuarantine = TimeSpan.FromMilliseconds(200),
            TimerTick = TimeSpan.FromMilliseconds(5),
        },
        Scheduler = new SchedulerOptions
        {
            PodInitialBackoff = TimeSpan.FromMilliseconds(50),
            PodMaxBackoff = TimeSpan.FromMilliseconds(200),
            TimerTick = TimeSpan.FromMilliseconds(5),
        },
    };

    static async Task<SimulatedCluster> StartAsync(LocalClusterOptions options, TemporaryDirectory? ownDirectory)
    {
        var server = await LocalApiServer.StartAsync(options);
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        var cluster = new SimulatedCluster(ownDirectory, options.DataDir, server, http);
        await cluster.WaitUntilAsync(() => cluster.ReadyNodeCount() == options.Nodes, "nodes ready");
        return cluster;
    }

    public int ReadyNodeCount() => Storage.Store.Current.Bucket(BuiltInResources.Nodes.GroupResource).Values.Count(n =>
        (n.ToJsonObject()["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True"));

    // ---- pods -------------------------------------------------------------------------------------------------------

    /// <summary>A pod with one container (or the containers given), created through the API's own storage.</summary>
    public static JsonObject PodManifest(string name, string image = "nginx:1.27", Action<JsonObject>? customize = null)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }),
            },
        };
        customize?.Invoke(pod);
        return pod;
    }

    public async Task<JsonObject> CreatePodAsync(JsonObject pod, string ns = "default") =>
        (await Storage.CreateAsync(BuiltInResources.Pods, ns, pod, new WriteOptions())).ToJsonObject();

    public JsonObject? Pod(string name, string ns = "default") => Storage.TryGet(BuiltInResources.Pods, ns, name)?.ToJsonObject();

    /// <summary>Waits until the pod satisfies <paramref name="condition"/>; returns it.</summary>
    public async Task<JsonObject> WaitForPodAsync(string name, Func<JsonObject, bool> condition, string what, string ns = "default",
        TimeSpan? timeout = null)
    {
        JsonObject? last = null;
        await WaitUntilAsync(() => (last = Pod(name, ns)) is { } p && condition(p), $"pod {name}: {what}", timeout,
            () => last?.ToJsonString() ?? "(no pod)");
        return last!;
    }

    public Task<JsonObject> WaitForRunningAndReadyAsync(string name, string ns = "default") =>
        WaitForPodAsync(name, p => PodReady(p), "Running and Ready", ns);

    public static bool PodReady(JsonObject pod) =>
        (string?)pod["status"]?["phase"] == "Running" && Condition(pod, "Ready")?["status"]?.ToString() == "True";

    public static JsonObject? Condition(JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    /// <summary>The container's status, or an empty object while the kubelet has not reported it.</summary>
    public static JsonObject ContainerStatus(JsonObject pod, string container = "app") =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == container) ?? [];

    /// <summary>The pod's events as (reason, message), oldest first.</summary>
    public List<(string Reason, string Message, string Component)> EventsOf(string podName, string ns = "default") =>
        Storage.Store.Current.Bucket(BuiltInResources.CoreEvents.GroupResource).Values
            .Select(e => e.ToJsonObject())
            .Where(e => (string?)e["involvedObject"]?["name"] == podName && (string?)e["metadata"]?["namespace"] == ns)
            .OrderBy(e => (string?)e["metadata"]?["name"], StringComparer.Ordinal)
            .Select(e => ((string?)e["reason"] ?? "", (string?)e["message"] ?? "", (string?)e["reportingComponent"] ?? ""))
            .ToList();

    /// <summary>Events are written in the background: waits until one with the reason exists.</summary>
    public Task WaitForEventAsync(string podName, string reason, string ns = "default", TimeSpan? timeout = null) =>
        WaitForEventAsync(podName, e => e.Reason == reason, $"event {reason}", ns, timeout);

    public Task WaitForEventAsync(string podName, Func<(string Reason, string Message, string Component), bool> match, string what,
        string ns = "default", TimeSpan? timeout = null) =>
        WaitUntilAsync(() => EventsOf(podName, ns).Any(match), $"{what} for {podName}", timeout, () => string.Join("\n", EventsOf(podName, ns)));

    /// <summary>Waits until the pod has events with every one of the reasons.</summary>
    public async Task WaitForEventsAsync(string podName, params string[] reasons)
    {
        foreach (var reason in reasons) await WaitForEventAsync(podName, reason);
    }

    // ---- http -------------------------------------------------------------------------------------------------------

    public async Task<(int Code, string Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // ---- waiting ----------------------------------------------------------------------------------------------------

    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}\n{describe?.Invoke()}");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Controllers stop before the client they talk through and the server they talk to.
        if (kubeControllers is not null) await kubeControllers.DisposeAsync();
        controllersClient?.Dispose();
        client?.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
        ownDirectory?.Dispose();
    }
}
