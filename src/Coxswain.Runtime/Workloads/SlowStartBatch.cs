namespace Coxswain.Runtime.Workloads;

/// <summary>
/// kube-controller-manager's <c>slowStartBatch</c> (OpenKruise's <c>DoItSlowly</c>): runs calls in batches of 1, 2, 4, …
/// so a request that fails for every pod (quota, a broken webhook) fails once instead of hundreds of times. Stops after
/// the first batch with a failure. Only the caller's cancellation propagates: a client-side timeout is a failure like
/// any other, so the caller can lower its expectations for it.
/// </summary>
public static class SlowStartBatch
{
    public const int InitialBatchSize = 1;

    /// <summary>Runs <paramref name="count"/> identical calls; returns how many succeeded and the first error.</summary>
    public static async Task<(int Successes, Exception? Error)> RunAsync(int count, Func<Task> call, CancellationToken cancellationToken)
    {
        var (successes, _, error) = await RunAsync(Enumerable.Range(0, count).ToList(), _ => call(), cancellationToken).ConfigureAwait(false);
        return (successes, error);
    }

    /// <summary>
    /// Runs one call per item, in order; returns how many succeeded, how many were never attempted (the caller expected
    /// them and must lower its expectations) and the first error.
    /// </summary>
    public static async Task<(int Successes, int Skipped, Exception? Error)> RunAsync<T>(
        IReadOnlyList<T> items, Func<T, Task> call, CancellationToken cancellationToken)
    {
        var successes = 0;
        var next = 0;
        for (var batchSize = Math.Min(items.Count, InitialBatchSize); batchSize > 0; batchSize = Math.Min(2 * batchSize, items.Count - next))
        {
            var calls = items.Skip(next).Take(batchSize).Select(item => Capture(() => call(item), cancellationToken)).ToList();
            next += batchSize;
            var errors = (await Task.WhenAll(calls).ConfigureAwait(false)).Where(e => e is not null).ToList();
            successes += batchSize - errors.Count;
            if (errors.Count > 0)
            {
                return (successes, items.Count - next, errors[0]);
            }
        }

        return (successes, 0, null);
    }

    private static async Task<Exception?> Capture(Func<Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call().ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return e;
        }
    }
}
