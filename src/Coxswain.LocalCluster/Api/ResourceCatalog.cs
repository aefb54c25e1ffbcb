namespace Coxswain.LocalCluster.Api;

/// <summary>
/// The set of resources the server serves right now: the built-ins, plus custom resources as CRDs come and go.
/// Lookups are lock-free reads of an immutable table; changes swap the table and bump <see cref="Generation"/> so that
/// discovery and OpenAPI documents know to rebuild.
/// </summary>
public sealed class ResourceCatalog
{
    sealed record Table(
        IReadOnlyList<ResourceDefinition> All,
        IReadOnlyDictionary<(string Group, string Version, string Plural), ResourceDefinition> ByPath,
        IReadOnlyDictionary<string, ResourceDefinition> ByBucket);

    volatile Table table;
    long generation;

    public ResourceCatalog(IEnumerable<ResourceDefinition> resources) => table = Build(resources.ToList());

    public static ResourceCatalog WithBuiltIns() => new(BuiltInResources.All);

    public IReadOnlyList<ResourceDefinition> All => table.All;

    /// <summary>Increments whenever the set of served resources changes.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public event Action? Changed;

    public ResourceDefinition? Find(string group, string version, string plural) =>
        table.ByPath.TryGetValue((group, version, plural), out var r) ? r : null;

    /// <summary>The resource serving a kind in a group version, as a RESTMapper maps an owner reference's apiVersion and kind.</summary>
    public ResourceDefinition? FindKind(string group, string version, string kind) =>
        table.All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Kind == kind);

    /// <summary>The resource whose objects live in a store bucket (<see cref="ResourceDefinition.Bucket"/>), in its stored version.</summary>
    public ResourceDefinition? ForBucket(string bucket) => table.ByBucket.TryGetValue(bucket, out var r) ? r : null;

    public IEnumerable<string> Groups => table.All.Select(r => r.Group).Distinct();

    /// <summary>Adds or replaces the definitions with the same group/version/plural.</summary>
    public void Upsert(IEnumerable<ResourceDefinition> resources)
    {
        lock (this)
        {
            var incoming = resources.ToList();
            var keep = table.All.Where(r => !incoming.Any(n => SameSlot(n, r)));
            table = Build(keep.Concat(incoming).ToList());
            Interlocked.Increment(ref generation);
        }
        Changed?.Invoke();
    }

    public void Remove(Func<ResourceDefinition, bool> predicate)
    {
        lock (this)
        {
            table = Build(table.All.Where(r => !predicate(r)).ToList());
            Interlocked.Increment(ref generation);
        }
        Changed?.Invoke();
    }

    static bool SameSlot(ResourceDefinition a, ResourceDefinition b) =>
        a.Group == b.Group && a.Version == b.Version && a.Plural == b.Plural;

    static Table Build(List<ResourceDefinition> all)
    {
        var byPath = new Dictionary<(string, string, string), ResourceDefinition>();
        var byBucket = new Dictionary<string, ResourceDefinition>(StringComparer.Ordinal);
        foreach (var r in all)
        {
            byPath[(r.Group, r.Version, r.Plural)] = r;
            byBucket.TryAdd(r.Bucket, r); // the stored form comes first in the catalog (core Events before events.k8s.io)
        }
        return new Table(all, byPath, byBucket);
    }
}
