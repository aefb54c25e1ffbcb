using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Cache;

/// <summary>How a <see cref="Store{T}"/> keeps its objects.</summary>
public sealed record StoreOptions<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>
    /// Applied to every object before it is cached; defaults to <see cref="Transforms.Compact{T}"/> (strip
    /// <c>managedFields</c>, share repeated strings). Set to null to cache objects exactly as received, or chain your own
    /// trimming (e.g. dropping large annotations).
    /// </summary>
    public Func<T, T>? Transform { get; init; } = Transforms.Compact;

    /// <summary>
    /// Indexes to maintain, by name. Defaults to <see cref="Indexers.NamespaceIndex"/>, <see cref="Indexers.OwnerUidIndex"/>
    /// and <see cref="Indexers.OrphanIndex"/> (what claiming children by controller reference reads, whichever component
    /// asks for an informer first); add your own for any key a controller looks objects up by.
    /// </summary>
    public IReadOnlyDictionary<string, Func<T, IEnumerable<string>>> Indexers { get; init; } =
        new Dictionary<string, Func<T, IEnumerable<string>>>(StringComparer.Ordinal)
        {
            [Cache.Indexers.NamespaceIndex] = Cache.Indexers.Namespace,
            [Cache.Indexers.OwnerUidIndex] = Cache.Indexers.OwnerUid,
            [Cache.Indexers.OrphanIndex] = Cache.Indexers.Orphan,
        };

    /// <summary>These options with one more index (replacing an index of the same name).</summary>
    public StoreOptions<T> WithIndexer(string name, Func<T, IEnumerable<string>> indexer) =>
        this with { Indexers = new Dictionary<string, Func<T, IEnumerable<string>>>(Indexers, StringComparer.Ordinal) { [name] = indexer } };
}
