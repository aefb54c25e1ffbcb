using Coxswain.LocalCluster.Server;
using k8s;
using Xunit;

namespace Coxswain.Testing;

/// <summary>
/// A local cluster for tests: the API server in memory on an ephemeral port (no simulated nodes unless
/// <see cref="Nodes"/> says so), the official client built from the kubeconfig it writes, and the real kubectl bound to
/// it with a HOME of its own. Use as an xunit class fixture, or start and dispose it within a test.
/// </summary>
public class LocalTestCluster : IAsyncLifetime
{
    readonly TemporaryDirectory directory = new();
    LocalApiServer? server;
    Kubernetes? client;
    Kubectl? kubectl;

    /// <summary>Simulated nodes to register; zero serves the API alone (no scheduler, no kubelets).</summary>
    public int Nodes { get; init; }

    public LocalApiServer Server => server ?? throw new InvalidOperationException("the cluster is not started");
    public Kubernetes Client => client ?? throw new InvalidOperationException("the cluster is not started");
    public Kubectl Kubectl => kubectl ?? throw new InvalidOperationException("the cluster is not started");

    /// <summary>A scratch directory for manifests and kubectl's HOME.</summary>
    public string WorkDir => directory.File("work");

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDir);
        var options = new LocalClusterOptions { DataDir = directory.File("data"), Port = 0, InMemory = true, Nodes = Nodes };
        Configure(options);
        server = await LocalApiServer.StartAsync(options);
        client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath));
        kubectl = new Kubectl(server.KubeconfigPath, WorkDir);
    }

    /// <summary>Lets a derived fixture tune the server before it starts.</summary>
    protected virtual void Configure(LocalClusterOptions options)
    {
    }

    public virtual async Task DisposeAsync()
    {
        client?.Dispose();
        if (server is not null) await server.DisposeAsync();
        directory.Dispose();
    }

    /// <summary>Writes a manifest into the scratch directory and returns its path.</summary>
    public string Manifest(string fileName, string content)
    {
        var path = Path.Combine(WorkDir, fileName);
        File.WriteAllText(path, content);
        return path;
    }
}
