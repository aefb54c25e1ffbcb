using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Admission;

namespace Coxswain.LocalCluster.Tests.Admission;

public class ReinvocationTrackerTests
{
    static Webhook Hook(string name, bool ifNeeded) => Webhook.Parse(
        JsonNode.Parse($$"""{"name":"{{name}}","reinvocationPolicy":"{{(ifNeeded ? "IfNeeded" : "Never")}}"}""")!.AsObject(), "config", 0, mutating: true);

    [Fact]
    public void Only_IfNeeded_webhooks_that_ran_before_a_change_are_reinvoked()
    {
        var early = Hook("early.test.io", ifNeeded: true);
        var never = Hook("never.test.io", ifNeeded: false);
        var late = Hook("late.test.io", ifNeeded: true);
        var tracker = new ReinvocationTracker();

        tracker.Invoked(early);
        tracker.Invoked(never);
        Assert.False(tracker.ShouldReinvoke);
        tracker.ObjectChanged(); // by "late" (which itself ran after the change)
        tracker.Invoked(late);

        Assert.True(tracker.ShouldReinvoke);
        Assert.True(tracker.IsReinvoked(early));
        Assert.False(tracker.IsReinvoked(never));
        Assert.False(tracker.IsReinvoked(late));
    }

    [Fact]
    public void A_change_with_no_reinvocable_webhook_before_it_needs_no_second_round()
    {
        var tracker = new ReinvocationTracker();
        tracker.ObjectChanged();
        tracker.Invoked(Hook("late.test.io", ifNeeded: true));
        Assert.False(tracker.ShouldReinvoke);
    }
}
