namespace Coxswain.KubeControllers.Pods;

/// <summary>
/// kube-controller-manager's <c>slowStartBatch</c>: runs <paramref name="count"/> calls in batches of 1, 2, 4, … so a
/// request that fails for every pod (quota, a broken webhook) fails once instead of hundreds of times. Stops after the
/// first batch with a failure; returns how many calls succeeded and the first error. Only the caller's cancellation
/// propagates: a client-side timeout is a failure like any other, so the caller can lower its expectations for it.
/// </summary>
public static class SlowStartBatch
{
    public const int InitialBatchSize = 1;

    public static async Task<(int Successes, Exception? Error)> RunAsync(int count, Func<Task> call, CancellationToken cancellationToken)
    {
        var successes = 0;
        var remaining = count;
        for (var batchSize = Math.Min(remaining, InitialBatchSize); batchSize > 0; batchSize = Math.Min(2 * batchSize, remaining))
        {
            var calls = Enumerable.Range(0, batchSize).Select(_ => Capture(call, cancellationToken)).ToList();
            var errors = (await Task.WhenAll(calls).ConfigureAwait(false)).Where(e => e is not null).ToList();
            successes += batchSize - errors.Count;
            if (errors.Count > 0)
            {
                return (successes, errors[0]);
            }

            remaining -= batchSize;
        }

        return (successes, null);
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
