namespace Coxswain.Runtime.Expectations;

/// <summary>A snapshot of what one controller still waits to observe.</summary>
/// <param name="Key">The controller key, usually <c>namespace/name</c> of the owning object.</param>
/// <param name="PendingCreations">Creations not yet seen in the cache.</param>
/// <param name="PendingDeletions">Deletions not yet seen in the cache.</param>
/// <param name="SetAt">When the expectations were (re)set; they expire a TTL after this.</param>
public sealed record ControlleeExpectations(string Key, long PendingCreations, long PendingDeletions, DateTimeOffset SetAt)
{
    /// <summary>Every expected creation and deletion has been observed.</summary>
    public bool Fulfilled => PendingCreations <= 0 && PendingDeletions <= 0;
}
