namespace Coxswain.Workloads;

/// <summary>
/// Writes to many pods from one reconcile (in-place updates, readiness conditions, lifecycle states) with a bounded number
/// in flight. OpenKruise writes them one after another under a client limit of 30 requests/s; one after another, a
/// 1,000-pod rollout spends most of its time in round trips, while every decision (which pods, how many under
/// maxUnavailable and partition) is taken before the first write, so the order of the writes changes nothing.
/// </summary>
public static class ParallelPodWrites
{
    /// <summary>
    /// Writes in flight at once: enough to hide the round trip, few enough not to crowd out other clients of the API
    /// server (a kubelet's status writes, other controllers).
    /// </summary>
    public const int MaxInFlight = 16;

    /// <summary>Runs <paramref name="write"/> for each item; results come back in the items' order.</summary>
    public static async Task<TResult[]> RunAsync<T, TResult>(
        IReadOnlyList<T> items, Func<T, CancellationToken, Task<TResult>> write, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxInFlight, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await write(items[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }
}
