using System.Net;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Apis.CustomResources;
using Coxswain.LocalCluster.Server;
using Coxswain.Manifests.Kruise;
using Coxswain.Runtime.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Coxswain.Bench.Support;

/// <summary>
/// What the CloneSet benchmarks share: one local cluster with simulated nodes (scheduler, kubelets; the default, realistic
/// timings of <c>coxswain up</c>), the CloneSet CRD, and kruise-controller-manager in its own process against it. Both
/// sides of each comparison run on this one cluster, in namespaces of their own.
/// </summary>
public sealed class CloneSetCluster : IAsyncDisposable
{
    public const string Image = "nginx:1.25";
    public const string NewImage = "nginx:1.26";

    readonly TempDirectory dataDir;

    CloneSetCluster(TempDirectory dataDir, LocalApiServer server, Kubernetes client, KruiseManagerProcess manager)
    {
        this.dataDir = dataDir;
        Server = server;
        Client = client;
        Manager = manager;
        CloneSets = new ResourceClient<CloneSet>(client);
    }

    public LocalApiServer Server { get; }

    public Kubernetes Client { get; }

    public KruiseManagerProcess Manager { get; }

    public ResourceClient<CloneSet> CloneSets { get; }

    public int Nodes { get; private init; }

    /// <summary>A cluster with room for <paramref name="pods"/> pods twice over (110 per node), and the manager ready.</summary>
    public static async Task<CloneSetCluster> StartAsync(int pods, int workers, CancellationToken ct)
    {
        var nodes = Math.Max(3, (int)Math.Ceiling(pods * 2 / 100.0));
        var dataDir = new TempDirectory("cloneset");
        LocalApiServer? server = null;
        try
        {
            Console.WriteLine($"  starting a cluster with {nodes} nodes and kruise-controller-manager ({workers} CloneSet workers)");
            server = await LocalApiServer.StartAsync(
                new LocalClusterOptions { DataDir = dataDir.Path, Port = 0, InMemory = false, Nodes = nodes }, ct: ct).ConfigureAwait(false);
            var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath));
            await CrdInstallation.InstallAsync(client, typeof(CloneSet)).ConfigureAwait(false);
            await CreateNamespaceAsync(client, KruiseNames.Namespace, ct).ConfigureAwait(false);
            var manager = await KruiseManagerProcess.StartAsync(server.KubeconfigPath, workers, ct).ConfigureAwait(false);
            return new CloneSetCluster(dataDir, server, client, manager) { Nodes = nodes };
        }
        catch
        {
            if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
            dataDir.Dispose();
            throw;
        }
    }

    public static async Task CreateNamespaceAsync(Kubernetes client, string name, CancellationToken ct)
    {
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>Deletes a namespace and waits until it is gone, so what it held no longer weighs on the next measurement.</summary>
    public async Task DeleteNamespaceAsync(string name, CancellationToken ct)
    {
        await Client.CoreV1.DeleteNamespaceAsync(name, cancellationToken: ct).ConfigureAwait(false);
        while (true)
        {
            try
            {
                await Client.CoreV1.ReadNamespaceAsync(name, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
            await Task.Delay(500, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One unmeasured 20-pod round of each side, in namespaces deleted afterwards: the first round pays for JIT in the
    /// server, the manager and this client.
    /// </summary>
    public async Task WarmUpAsync(Func<string, int, Task> bare, Func<string, int, Task> cloneSet, CancellationToken ct)
    {
        const int pods = 20;
        Console.WriteLine($"  warm-up: {pods} pods each way");
        await bare("warm-bare", pods).ConfigureAwait(false);
        await cloneSet("warm-cloneset", pods).ConfigureAwait(false);
        await DeleteNamespaceAsync("warm-bare", ct).ConfigureAwait(false);
        await DeleteNamespaceAsync("warm-cloneset", ct).ConfigureAwait(false);
    }

    /// <summary>Polls the CloneSet's status until <paramref name="done"/> holds.</summary>
    public async Task WaitForStatusAsync(string ns, string name, Func<CloneSetStatus, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var cloneSet = await CloneSets.GetAsync(ns, name, ct).ConfigureAwait(false);
            if (cloneSet.Status is { } status && status.ObservedGeneration == cloneSet.Metadata.Generation && done(status)) return;
            if (clock.Elapsed > timeout) throw new TimeoutException($"CloneSet {ns}/{name} not done within {timeout}: {KubernetesJson.Serialize(cloneSet.Status)}");
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A CloneSet of <paramref name="replicas"/> pods with the template every bare pod of the baselines has, defaulted as
    /// the mutating webhook would (the benchmark cluster has no webhook configurations installed).
    /// </summary>
    public static CloneSet NewCloneSet(string name, int replicas, string updateType = CloneSetUpdateStrategyTypes.ReCreate)
    {
        var cloneSet = new CloneSet
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new CloneSetSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = PodSpec(),
                },
            },
        };
        cloneSet.Spec.UpdateStrategy.Type = updateType;
        CloneSetDefaults.Apply(cloneSet, injectTemplateDefaults: true);
        return cloneSet;
    }

    /// <summary>A bare pod with the CloneSet pods' template.</summary>
    public static V1Pod BarePod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "bare" } },
        Spec = PodSpec(),
    };

    static V1PodSpec PodSpec() => new() { Containers = [new V1Container { Name = "main", Image = Image }] };

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync().ConfigureAwait(false);
        Client.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
        dataDir.Dispose();
    }
}
