using Coxswain.LocalCluster.Server;
using k8s;

namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>
/// The local API server on an ephemeral port in a fresh data directory, reached over real HTTPS with the kubeconfig it
/// writes — the same path a controller takes to a real cluster. Dispose to stop it and delete the directory.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private TestCluster(LocalApiServer server, string dataDir, bool ownsDirectory)
    {
        Server = server;
        DataDir = dataDir;
        _ownsDirectory = ownsDirectory;
        Client = NewClient();
    }

    public LocalApiServer Server { get; }

    public string DataDir { get; }

    /// <summary>A client built from the server's kubeconfig.</summary>
    public Kubernetes Client { get; }

    /// <param name="configure">Adjusts the server options (in memory, ephemeral port and the data directory are preset).</param>
    /// <param name="dataDir">Reuse this directory (e.g. to restart a persistent server); it is then not deleted on dispose.</param>
    public static async Task<TestCluster> StartAsync(Action<LocalClusterOptions>? configure = null, string? dataDir = null)
    {
        var ownsDirectory = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("coxswain-runtime-tests-").FullName;
        var options = new LocalClusterOptions { DataDir = dataDir, Port = 0, InMemory = true };
        configure?.Invoke(options);
        try
        {
            return new TestCluster(await LocalApiServer.StartAsync(options), dataDir, ownsDirectory);
        }
        catch
        {
            if (ownsDirectory)
            {
                Directory.Delete(dataDir, recursive: true);
            }

            throw;
        }
    }

    /// <summary>A new client whose requests pass through <paramref name="handlers"/> (outermost first).</summary>
    public Kubernetes NewClient(params DelegatingHandler[] handlers) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath), handlers);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        if (_ownsDirectory)
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
