using Coxswain.Runtime.Expectations;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// What the CloneSet controller waits to see in its caches before planning again, so it never acts twice on stale
/// state: pods it created or deleted (<see cref="Scale"/>), and pods it wrote (in-place updates, recreate marks) until
/// the cache holds that write or something newer.
/// </summary>
/// <remarks>
/// As OpenKruise's scale expectations, and unlike kube-controller-manager's, these never expire by themselves: once
/// unsatisfied for <see cref="Timeout"/> (<c>--expectation-timeout</c>, 5 minutes) the CloneSet counts a leakage and,
/// only with <see cref="ForceDeleteOnTimeout"/> (feature ForceDeleteTimeoutExpectationFeatureGate), forgets them.
/// </remarks>
public sealed class CloneSetExpectations(TimeSpan? timeout = null, bool forceDeleteOnTimeout = false, TimeProvider? time = null)
{
    /// <summary>OpenKruise's <c>--expectation-timeout</c> default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    readonly Lock _gate = new();
    readonly Dictionary<string, Dictionary<string, long>> _podWrites = new(StringComparer.Ordinal);
    readonly TimeProvider _time = time ?? TimeProvider.System;

    public ControllerExpectations Scale { get; } = new(time, timeToLive: TimeSpan.MaxValue);

    /// <summary>How long scale expectations may stay unsatisfied before they count as leaked.</summary>
    public TimeSpan Timeout { get; } = timeout ?? DefaultTimeout;

    /// <summary>Whether leaked scale expectations are forgotten (ForceDeleteTimeoutExpectationFeatureGate).</summary>
    public bool ForceDeleteOnTimeout { get; } = forceDeleteOnTimeout;

    /// <summary>
    /// How long the scale expectations of <paramref name="cloneSetKey"/> have been unsatisfied, or null when they are
    /// satisfied (OpenKruise's <c>SatisfiedExpectations</c> duration).
    /// </summary>
    public TimeSpan? ScaleUnsatisfiedFor(string cloneSetKey)
    {
        if (Scale.SatisfiedExpectations(cloneSetKey) || Scale.GetExpectations(cloneSetKey) is not { } expectations) return null;
        return _time.GetUtcNow() - expectations.SetAt;
    }

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
