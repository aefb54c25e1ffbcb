using Coxswain.Runtime.Expectations;
using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.Expectations;

public class UidTrackingControllerExpectationsTests
{
    private const string Key = "default/web";

    private readonly UidTrackingControllerExpectations _expectations = new(new ControllerExpectations(new FakeTimeProvider()));

    [Fact]
    public void Only_deletions_of_the_expected_objects_count()
    {
        _expectations.ExpectDeletions(Key, ["default/web-1", "default/web-2"]);

        _expectations.DeletionObserved(Key, "default/someone-elses-pod");
        Assert.False(_expectations.SatisfiedExpectations(Key));
        Assert.Equal(2, _expectations.Expectations.GetExpectations(Key)!.PendingDeletions);

        _expectations.DeletionObserved(Key, "default/web-1");
        _expectations.DeletionObserved(Key, "default/web-1");
        Assert.False(_expectations.SatisfiedExpectations(Key));
        Assert.Equal(["default/web-2"], _expectations.GetUids(Key));

        _expectations.DeletionObserved(Key, "default/web-2");
        Assert.True(_expectations.SatisfiedExpectations(Key));
        Assert.Empty(_expectations.GetUids(Key));
    }

    [Fact]
    public void Duplicate_keys_are_expected_once()
    {
        _expectations.ExpectDeletions(Key, ["default/web-1", "default/web-1"]);

        Assert.Equal(1, _expectations.Expectations.GetExpectations(Key)!.PendingDeletions);
    }

    [Fact]
    public void New_deletion_expectations_replace_old_ones()
    {
        _expectations.ExpectDeletions(Key, ["default/web-1"]);
        _expectations.ExpectDeletions(Key, ["default/web-2"]);

        _expectations.DeletionObserved(Key, "default/web-1");
        Assert.False(_expectations.SatisfiedExpectations(Key));
        _expectations.DeletionObserved(Key, "default/web-2");
        Assert.True(_expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void Deleting_expectations_forgets_the_tracked_keys()
    {
        _expectations.ExpectDeletions(Key, ["default/web-1"]);

        _expectations.DeleteExpectations(Key);

        Assert.Empty(_expectations.GetUids(Key));
        Assert.Null(_expectations.Expectations.GetExpectations(Key));
        Assert.True(_expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void Creations_pass_through_to_the_counters()
    {
        _expectations.ExpectCreations(Key, 1);
        Assert.False(_expectations.SatisfiedExpectations(Key));
        _expectations.CreationObserved(Key);
        Assert.True(_expectations.SatisfiedExpectations(Key));
    }
}
