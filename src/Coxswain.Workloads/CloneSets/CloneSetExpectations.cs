using Coxswain.Runtime.Expectations;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// What the CloneSet controller waits to see in its caches before planning again, so it never acts twice on stale
/// state: pods it created or deleted (<see cref="Scale"/>), and pods it wrote (in-place updates, recreate marks) until
/// the cache holds that write or something newer.
/// </summary>
public sealed class CloneSetExpectations
{
    readonly Lock _gate = new();
    readonly Dictionary<string, Dictionary<string, long>> _podWrites = new(StringComparer.Ordinal);

    public ControllerExpectations Scale { get; } = new();

    /// <summary>Records that <paramref name="written"/> (as the server returned it) must be observed before the next plan.</summary>
    public void ExpectPodWrite(string cloneSetKey, V1Pod written)
    {
        if (!long.TryParse(written.Metadata.ResourceVersion, out var version)) return;
        lock (_gate)
        {
            if (!_podWrites.TryGetValue(cloneSetKey, out var pods)) _podWrites[cloneSetKey] = pods = new(StringComparer.Ordinal);
            pods[written.Metadata.Name] = version;
        }
    }

    /// <summary>Whether every recorded write shows in <paramref name="cached"/> (a pod that is gone counts as observed).</summary>
    public bool PodWritesObserved(string cloneSetKey, Func<string, V1Pod?> cached)
    {
        lock (_gate)
        {
            if (!_podWrites.TryGetValue(cloneSetKey, out var pods)) return true;
            foreach (var (name, version) in pods.ToList())
            {
                var pod = cached(name);
                if (pod is null || (long.TryParse(pod.Metadata.ResourceVersion, out var seen) && seen >= version)) pods.Remove(name);
            }
            if (pods.Count == 0) _podWrites.Remove(cloneSetKey);
            return pods.Count == 0;
        }
    }

    /// <summary>Forgets a deleted CloneSet.</summary>
    public void Delete(string cloneSetKey)
    {
        Scale.DeleteExpectations(cloneSetKey);
        lock (_gate) _podWrites.Remove(cloneSetKey);
    }
}
