namespace Coxswain.Workloads.Tests;

public class ParallelPodWritesTests
{
    [Fact]
    public async Task Results_come_back_in_the_items_order_whatever_order_the_writes_finish_in()
    {
        var items = Enumerable.Range(0, 50).ToList();
        // Later items finish first.
        var results = await ParallelPodWrites.RunAsync(items, async (i, ct) =>
        {
            await Task.Delay((50 - i) % 7, ct);
            return i * 10;
        }, CancellationToken.None);
        Assert.Equal(items.Select(i => i * 10), results);
    }

    [Fact]
    public async Task Never_more_than_MaxInFlight_writes_at_once()
    {
        var inFlight = 0;
        var most = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var run = ParallelPodWrites.RunAsync(Enumerable.Range(0, ParallelPodWrites.MaxInFlight * 3).ToList(), async (_, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            // The first MaxInFlight writes hold until all of them have started, so the bound is reached, not just approached.
            if (Interlocked.Increment(ref started) == ParallelPodWrites.MaxInFlight) gate.TrySetResult();
            await gate.Task.WaitAsync(ct);
            Interlocked.Decrement(ref inFlight);
            return 0;
        }, CancellationToken.None);
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ParallelPodWrites.MaxInFlight, most);
    }

    [Fact]
    public async Task A_failed_write_fails_the_whole_run()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ParallelPodWrites.RunAsync(
            Enumerable.Range(0, 20).ToList(),
            (i, _) => i == 7 ? Task.FromException<int>(new InvalidOperationException("pod 7")) : Task.FromResult(i),
            CancellationToken.None));
        Assert.Equal("pod 7", error.Message);
    }

    static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
