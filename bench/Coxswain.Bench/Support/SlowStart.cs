namespace Coxswain.Bench.Support;

/// <summary>
/// The bare-client side of the CloneSet scale comparison does its creates with the controller's own concurrency:
/// OpenKruise's slow-start batches (1, 2, 4, … requests in flight at once, each batch waiting for the one before).
/// </summary>
public static class SlowStart
{
    public static async Task RunAsync(int count, Func<int, Task> action)
    {
        var done = 0;
        for (var batch = 1; done < count; batch *= 2)
        {
            var size = Math.Min(batch, count - done);
            await Task.WhenAll(Enumerable.Range(done, size).Select(action)).ConfigureAwait(false);
            done += size;
        }
    }
}
