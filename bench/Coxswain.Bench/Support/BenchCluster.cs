using Coxswain.LocalCluster.Server;

namespace Coxswain.Bench.Support;

/// <summary>
/// Our API server as <c>coxswain up</c> runs it (HTTPS, bearer token, durable SQLite store), started in-process on a free
/// port over a throwaway data directory.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    readonly TempDirectory dataDir;

    BenchCluster(TempDirectory dataDir, LocalApiServer server)
    {
        this.dataDir = dataDir;
        Server = server;
    }

    public LocalApiServer Server { get; }

    /// <param name="inMemory">Keep the store in memory: isolates everything but the disk when looking for where time goes.</param>
    public static async Task<BenchCluster> StartAsync(CancellationToken ct, bool inMemory = false)
    {
        var dataDir = new TempDirectory("cluster");
        try
        {
            var server = await LocalApiServer.StartAsync(
                new LocalClusterOptions { DataDir = dataDir.Path, Port = 0, InMemory = inMemory }, ct: ct).ConfigureAwait(false);
            return new BenchCluster(dataDir, server);
        }
        catch
        {
            dataDir.Dispose();
            throw;
        }
    }

    public HttpClient CreateClient(bool http2) =>
        BenchHttp.Create(Server.BaseAddress, http2, Server.CertificateAuthorityPem, Server.Token);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        dataDir.Dispose();
    }
}
