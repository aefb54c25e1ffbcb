using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.Runtime.Expectations;

/// <summary>
/// Remembers the creates and deletes a controller issued but has not yet seen in its cache, so it does not act twice
/// on the same shortfall (kube-controller-manager's <c>ControllerExpectations</c>). The pattern: before creating N
/// children call <see cref="ExpectCreations"/>; the child informer calls <see cref="CreationObserved"/> per created
/// child; reconcile only acts when <see cref="SatisfiedExpectations"/>. Expectations expire after a TTL (5 minutes, as
/// upstream) so a lost watch event cannot wedge a controller forever. Thread-safe.
/// </summary>
public sealed class ControllerExpectations
{
    /// <summary>kube-controller-manager's <c>ExpectationsTimeout</c>.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ControllerExpectations(TimeProvider? timeProvider = null, TimeSpan? timeToLive = null, ILogger? logger = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        TimeToLive = timeToLive ?? DefaultTimeToLive;
        _logger = logger ?? NullLogger.Instance;
    }

    public TimeSpan TimeToLive { get; }

    /// <summary>
    /// Whether the controller may act: true when it recorded no expectations, when they are fulfilled, or when they
    /// expired; false while it still waits for its own creates/deletes to show up.
    /// </summary>
    public bool SatisfiedExpectations(string controllerKey)
    {
        var expectations = GetExpectations(controllerKey);
        if (expectations is null)
        {
            ExpectationsLog.NeverRecordedOrExpired(_logger, controllerKey);
            return true;
        }

        if (expectations.Fulfilled)
        {
            ExpectationsLog.Fulfilled(_logger, expectations);
            return true;
        }

        if (_time.GetUtcNow() - expectations.SetAt > TimeToLive)
        {
            ExpectationsLog.Expired(_logger, expectations);
            return true;
        }

        ExpectationsLog.StillWaiting(_logger, expectations);
        return false;
    }

    /// <summary>The current expectations of <paramref name="controllerKey"/>, or null if none are recorded.</summary>
    public ControlleeExpectations? GetExpectations(string controllerKey)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(controllerKey, out var entry)
                ? new ControlleeExpectations(controllerKey, entry.Creations, entry.Deletions, entry.SetAt)
                : null;
        }
    }

    /// <summary>Replaces the expectations of <paramref name="controllerKey"/> and restarts their TTL.</summary>
    public void SetExpectations(string controllerKey, long creations, long deletions)
    {
        lock (_gate)
        {
            _entries[controllerKey] = new Entry { Creations = creations, Deletions = deletions, SetAt = _time.GetUtcNow() };
        }
    }

    /// <summary>Expects <paramref name="creations"/> creations (and no deletions).</summary>
    public void ExpectCreations(string controllerKey, int creations) => SetExpectations(controllerKey, creations, 0);

    /// <summary>Expects <paramref name="deletions"/> deletions (and no creations).</summary>
    public void ExpectDeletions(string controllerKey, int deletions) => SetExpectations(controllerKey, 0, deletions);

    /// <summary>Adds to existing expectations (a no-op when none are recorded); the TTL is not restarted.</summary>
    public void RaiseExpectations(string controllerKey, long creations, long deletions) =>
        Adjust(controllerKey, creations, deletions);

    /// <summary>Subtracts from existing expectations (a no-op when none are recorded).</summary>
    public void LowerExpectations(string controllerKey, long creations, long deletions) =>
        Adjust(controllerKey, -creations, -deletions);

    /// <summary>One expected creation was observed (or failed, so will never be observed).</summary>
    public void CreationObserved(string controllerKey) => LowerExpectations(controllerKey, 1, 0);

    /// <summary>One expected deletion was observed (or failed, so will never be observed).</summary>
    public void DeletionObserved(string controllerKey) => LowerExpectations(controllerKey, 0, 1);

    /// <summary>Forgets the expectations of <paramref name="controllerKey"/>, e.g. when the owner is deleted.</summary>
    public void DeleteExpectations(string controllerKey)
    {
        lock (_gate)
        {
            _entries.Remove(controllerKey);
        }
    }

    private void Adjust(string controllerKey, long creations, long deletions)
    {
        ControlleeExpectations adjusted;
        lock (_gate)
        {
            if (!_entries.TryGetValue(controllerKey, out var entry))
            {
                return;
            }

            entry.Creations += creations;
            entry.Deletions += deletions;
            adjusted = new ControlleeExpectations(controllerKey, entry.Creations, entry.Deletions, entry.SetAt);
        }

        ExpectationsLog.Adjusted(_logger, adjusted);
    }

    private sealed class Entry
    {
        public long Creations { get; set; }

        public long Deletions { get; set; }

        public DateTimeOffset SetAt { get; init; }
    }
}
