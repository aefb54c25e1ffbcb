using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.Runtime.Expectations;

/// <summary>
/// <see cref="ControllerExpectations"/> that also remember WHICH objects are expected to disappear
/// (kube-controller-manager's <c>UIDTrackingControllerExpectations</c>). A deletion then counts only for an object the
/// controller itself deleted, and only once: a pod deleted by someone else, or a duplicate delete event (a tombstone
/// after a relist), cannot satisfy the expectation early. Keys are usually the deleted objects' <c>namespace/name</c>.
/// </summary>
public sealed class UidTrackingControllerExpectations
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _expectedDeletions = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public UidTrackingControllerExpectations(ControllerExpectations? expectations = null, ILogger? logger = null)
    {
        Expectations = expectations ?? new ControllerExpectations(logger: logger);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The underlying counters, for creations and for reading the state.</summary>
    public ControllerExpectations Expectations { get; }

    public bool SatisfiedExpectations(string controllerKey) => Expectations.SatisfiedExpectations(controllerKey);

    /// <summary>Expects exactly these objects to be deleted, replacing any earlier deletion expectations.</summary>
    public void ExpectDeletions(string controllerKey, IEnumerable<string> deletedKeys)
    {
        var expected = new HashSet<string>(deletedKeys, StringComparer.Ordinal);
        lock (_gate)
        {
            if (_expectedDeletions.TryGetValue(controllerKey, out var existing) && existing.Count != 0)
            {
                ExpectationsLog.ClobberingDeleteKeys(_logger, controllerKey, existing.Count);
            }

            _expectedDeletions[controllerKey] = expected;
            Expectations.ExpectDeletions(controllerKey, expected.Count);
        }
    }

    /// <summary>Records the deletion of <paramref name="deletedKey"/>, if (and only the first time) it was expected.</summary>
    public void DeletionObserved(string controllerKey, string deletedKey)
    {
        lock (_gate)
        {
            if (_expectedDeletions.TryGetValue(controllerKey, out var expected) && expected.Remove(deletedKey))
            {
                Expectations.DeletionObserved(controllerKey);
            }
        }
    }

    public void ExpectCreations(string controllerKey, int creations) => Expectations.ExpectCreations(controllerKey, creations);

    public void CreationObserved(string controllerKey) => Expectations.CreationObserved(controllerKey);

    /// <summary>The objects still expected to be deleted.</summary>
    public IReadOnlySet<string> GetUids(string controllerKey)
    {
        lock (_gate)
        {
            return _expectedDeletions.TryGetValue(controllerKey, out var expected)
                ? new HashSet<string>(expected, StringComparer.Ordinal)
                : new HashSet<string>();
        }
    }

    /// <summary>Forgets both the counters and the tracked keys of <paramref name="controllerKey"/>.</summary>
    public void DeleteExpectations(string controllerKey)
    {
        lock (_gate)
        {
            _expectedDeletions.Remove(controllerKey);
            Expectations.DeleteExpectations(controllerKey);
        }
    }
}
