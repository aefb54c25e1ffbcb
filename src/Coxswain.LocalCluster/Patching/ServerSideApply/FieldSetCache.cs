using System.Collections.Concurrent;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// Field sets kept by a text key (a FieldsV1 encoding, an object's structure), shared by every write on any thread.
/// Sets are immutable once built (<see cref="FieldSet"/>), so handing the same one out is safe. The distinct keys of a
/// cluster are few (per workload template, kind and manager); should they not be, the cache starts over at
/// <see cref="Limit"/> rather than growing.
/// </summary>
internal sealed class FieldSetCache
{
    const int Limit = 4096;

    readonly ConcurrentDictionary<string, FieldSet> sets = new(StringComparer.Ordinal);

    public bool TryGet(string key, out FieldSet fields) => sets.TryGetValue(key, out fields!);

    public void Add(string key, FieldSet fields)
    {
        if (sets.Count >= Limit) sets.Clear();
        sets[key] = fields;
    }
}
