namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>One three-node simulated cluster shared by the tests of a class that do not break nodes (each uses its own pod names).</summary>
public class SimulatedClusterFixture : IAsyncLifetime
{
    SimulatedCluster? cluster;

    internal SimulatedCluster Cluster => cluster ?? throw new InvalidOperationException("fixture not started");

    public async Task InitializeAsync() => cluster = await StartAsync();

    /// <summary>The cluster to share; a fixture for clusters set up differently overrides it.</summary>
    private protected virtual Task<SimulatedCluster> StartAsync() => SimulatedCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (cluster is not null) await cluster.DisposeAsync();
    }
}
