using Coxswain.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.Queue;

public class DelayingWorkQueueTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Adds_the_item_only_once_its_delay_has_passed()
    {
        using var queue = NewQueue();

        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        Assert.Equal(0, queue.Count);
        Assert.Equal(1, queue.WaitingCount);
        _clock.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Equal(0, queue.Count);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public void A_zero_delay_adds_at_once()
    {
        using var queue = NewQueue();

        queue.AddAfter("a", TimeSpan.Zero);

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void An_earlier_ready_time_replaces_a_later_one_but_not_the_reverse()
    {
        using var queue = NewQueue();

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(30));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public async Task Items_become_ready_in_ready_time_order()
    {
        using var queue = NewQueue();
        queue.AddAfter("late", TimeSpan.FromSeconds(3));
        queue.AddAfter("early", TimeSpan.FromSeconds(1));
        queue.AddAfter("middle", TimeSpan.FromSeconds(2));

        _clock.Advance(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("early", (await queue.GetAsync()).Value);
        Assert.Equal("middle", (await queue.GetAsync()).Value);
        Assert.Equal("late", (await queue.GetAsync()).Value);
    }

    [Fact]
    public void Delayed_items_are_dropped_on_shutdown()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(1));

        queue.ShutDown();
        queue.AddAfter("b", TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public async Task A_delayed_item_that_becomes_ready_while_processing_waits_for_done()
    {
        using var queue = NewQueue();
        queue.Add("a");
        var item = await queue.GetAsync();

        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, queue.Count);
        queue.Done(item.Value);
        Assert.Equal(1, queue.Count);
    }

    private DelayingWorkQueue<string> NewQueue() => new(new WorkQueueOptions { TimeProvider = _clock });
}
