using Coxswain.Runtime.Expectations;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.Expectations;

public class ControllerExpectationsTests
{
    private const string Key = "default/web";
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void A_controller_without_expectations_may_act()
    {
        Assert.True(new ControllerExpectations(_clock).SatisfiedExpectations(Key));
    }

    [Fact]
    public void Waits_until_every_expected_creation_is_observed()
    {
        var expectations = new ControllerExpectations(_clock);
        expectations.ExpectCreations(Key, 2);

        Assert.False(expectations.SatisfiedExpectations(Key));
        expectations.CreationObserved(Key);
        Assert.False(expectations.SatisfiedExpectations(Key));
        expectations.CreationObserved(Key);
        Assert.True(expectations.SatisfiedExpectations(Key));
        Assert.Equal(new ControlleeExpectations(Key, 0, 0, _clock.GetUtcNow()), expectations.GetExpectations(Key));
    }

    [Fact]
    public void Waits_for_deletions_too()
    {
        var expectations = new ControllerExpectations(_clock);
        expectations.ExpectDeletions(Key, 1);

        Assert.False(expectations.SatisfiedExpectations(Key));
        expectations.DeletionObserved(Key);
        Assert.True(expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void Unfulfilled_expectations_expire_after_five_minutes()
    {
        var expectations = new ControllerExpectations(_clock);
        expectations.ExpectCreations(Key, 1);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(expectations.SatisfiedExpectations(Key));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void Setting_expectations_again_restarts_the_ttl_but_raising_does_not()
    {
        var expectations = new ControllerExpectations(_clock, TimeSpan.FromMinutes(1));
        expectations.ExpectCreations(Key, 1);
        _clock.Advance(TimeSpan.FromSeconds(50));

        expectations.RaiseExpectations(Key, 1, 0);
        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True(expectations.SatisfiedExpectations(Key));
        Assert.Equal(2, expectations.GetExpectations(Key)!.PendingCreations);

        expectations.ExpectCreations(Key, 1);
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.False(expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void Observations_without_recorded_expectations_are_ignored()
    {
        var expectations = new ControllerExpectations(_clock);

        expectations.CreationObserved(Key);
        expectations.RaiseExpectations(Key, 5, 5);

        Assert.Null(expectations.GetExpectations(Key));
    }

    [Fact]
    public void Deleting_expectations_lets_the_controller_act()
    {
        var expectations = new ControllerExpectations(_clock);
        expectations.ExpectCreations(Key, 3);

        expectations.DeleteExpectations(Key);

        Assert.True(expectations.SatisfiedExpectations(Key));
        Assert.Null(expectations.GetExpectations(Key));
    }

    [Property]
    public Property Satisfied_exactly_when_observations_cover_expectations(byte creations, byte deletions, byte createdSeen, byte deletedSeen)
    {
        var expectations = new ControllerExpectations(new FakeTimeProvider());
        expectations.SetExpectations(Key, creations % 20, deletions % 20);
        for (var i = 0; i < createdSeen % 25; i++)
        {
            expectations.CreationObserved(Key);
        }

        for (var i = 0; i < deletedSeen % 25; i++)
        {
            expectations.DeletionObserved(Key);
        }

        var covered = createdSeen % 25 >= creations % 20 && deletedSeen % 25 >= deletions % 20;
        return (expectations.SatisfiedExpectations(Key) == covered).ToProperty();
    }

    [Fact]
    public async Task Concurrent_observations_are_all_counted()
    {
        var expectations = new ControllerExpectations(_clock);
        expectations.ExpectCreations(Key, 1000);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                expectations.CreationObserved(Key);
            }
        })));

        Assert.Equal(0, expectations.GetExpectations(Key)!.PendingCreations);
    }
}
