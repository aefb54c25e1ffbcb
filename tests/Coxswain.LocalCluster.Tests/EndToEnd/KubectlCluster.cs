using Coxswain.LocalCluster.Tests.Api;

namespace Coxswain.LocalCluster.Tests.EndToEnd;

/// <summary>A cluster plus a kubectl bound to it, with its own HOME (and so its own discovery cache) for this run.</summary>
public sealed class KubectlCluster : TestCluster
{
    readonly TemporaryDirectory home = new();
    Kubectl? kubectl;

    public Kubectl Kubectl => kubectl ?? throw new InvalidOperationException("not started");

    /// <summary>A scratch directory for manifests.</summary>
    public string WorkDir => home.Path;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        kubectl = new Kubectl(Server.KubeconfigPath, home.Path);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        home.Dispose();
    }

    /// <summary>Writes a manifest into the scratch directory and returns its path.</summary>
    public string Manifest(string fileName, string yaml)
    {
        var path = Path.Combine(home.Path, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }
}
