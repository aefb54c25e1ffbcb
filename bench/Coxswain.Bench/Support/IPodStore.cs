using System.Diagnostics;

namespace Coxswain.Bench.Support;

/// <summary>
/// Somewhere pods can be written to, with a watch open on them: our API server or etcd. Lets a benchmark drive both
/// through the same load generator and read both watches the same way.
/// </summary>
public interface IPodStore : IAsyncDisposable
{
    string Name { get; }

    /// <summary>What this is, for the report ("etcd 3.4.23, raw puts via …").</summary>
    string Description { get; }

    /// <summary>The watch on every pod written here, opened before the first write.</summary>
    WatchStream Watch { get; }

    /// <summary>The server process when it is not this one (its CPU counts too), else null.</summary>
    Process? ServerProcess { get; }

    /// <summary>Writes the benchmark pod under <paramref name="name"/>; throws unless the server confirms the write.</summary>
    Task CreateAsync(string name, CancellationToken ct);
}
