using Coxswain.Runtime.Queue;

namespace Coxswain.Runtime.Tests.Queue;

public class WorkQueueTests
{
    [Fact]
    public async Task Hands_out_items_in_order_and_deduplicates_those_not_yet_taken()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Count);
        Assert.Equal("a", (await queue.GetAsync()).Value);
        Assert.Equal("b", (await queue.GetAsync()).Value);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task An_item_readded_while_processing_is_parked_until_done()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var first = await queue.GetAsync();

        queue.Add("a");
        queue.Add("a");

        Assert.Equal(0, queue.Count);
        var second = queue.GetAsync();
        Assert.False(second.IsCompleted);

        queue.Done(first.Value);

        Assert.Equal("a", (await second).Value);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Done_without_readd_forgets_the_item()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Done((await queue.GetAsync()).Value);

        Assert.Equal(0, queue.Count);
        queue.Add("a");
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task A_waiting_worker_wakes_when_an_item_arrives()
    {
        using var queue = new WorkQueue<int>();
        var get = queue.GetAsync().AsTask();
        Assert.False(get.IsCompleted);

        queue.Add(7);

        Assert.Equal(7, (await get.WaitAsync(TimeSpan.FromSeconds(5))).Value);
    }

    [Fact]
    public async Task A_cancelled_wait_does_not_swallow_a_later_item()
    {
        using var queue = new WorkQueue<int>();
        using var cts = new CancellationTokenSource();
        var cancelled = queue.GetAsync(cts.Token).AsTask();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        queue.Add(1);

        Assert.Equal(1, (await queue.GetAsync()).Value);
    }

    [Fact]
    public async Task Shutdown_wakes_waiters_ignores_new_adds_and_still_hands_out_queued_items()
    {
        using var queue = new WorkQueue<int>();
        var waiter = queue.GetAsync().AsTask();

        queue.ShutDown();
        Assert.True((await waiter).IsShutDown);

        using var second = new WorkQueue<int>();
        second.Add(1);
        second.ShutDown();
        second.Add(2);
        Assert.Equal(1, (await second.GetAsync()).Value);
        Assert.True((await second.GetAsync()).IsShutDown);
    }

    [Fact]
    public async Task Shutdown_with_drain_waits_for_items_in_flight()
    {
        using var queue = new WorkQueue<int>();
        queue.Add(1);
        var item = await queue.GetAsync();

        var drain = queue.ShutDownWithDrainAsync();
        await Task.Delay(20);
        Assert.False(drain.IsCompleted);

        queue.Done(item.Value);
        await drain.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Shutdown_with_drain_returns_at_once_when_idle()
    {
        using var queue = new WorkQueue<int>();
        await queue.ShutDownWithDrainAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task Never_hands_one_item_to_two_concurrent_workers()
    {
        using var queue = new WorkQueue<int>();
        var inFlight = new int[5];
        var overlaps = 0;
        var processed = 0;

        async Task Worker()
        {
            while (true)
            {
                var item = await queue.GetAsync();
                if (item.IsShutDown)
                {
                    return;
                }

                if (Interlocked.Increment(ref inFlight[item.Value]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref inFlight[item.Value]);
                Interlocked.Increment(ref processed);
                queue.Done(item.Value);
            }
        }

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)).ToArray();
        for (var i = 0; i < 5000; i++)
        {
            queue.Add(i % inFlight.Length);
            if (i % 50 == 0)
            {
                await Task.Yield();
            }
        }

        await queue.ShutDownWithDrainAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, overlaps);
        Assert.InRange(processed, inFlight.Length, 5000);
    }
}
