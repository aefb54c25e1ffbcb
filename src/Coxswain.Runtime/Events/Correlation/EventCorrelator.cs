using k8s.Models;

namespace Coxswain.Runtime.Events.Correlation;

/// <summary>
/// What happens to a legacy <c>core/v1</c> Event before it is written (client-go's <c>tools/record</c>
/// <c>EventCorrelator</c>, which every controller-runtime manager — OpenKruise's included — runs): similar events are
/// aggregated, exact repeats counted, and each source may write only a burst of events per object. Not thread-safe:
/// the broadcaster's single write loop owns it.
/// </summary>
internal sealed class EventCorrelator(EventCorrelatorOptions options, TimeProvider time)
{
    private readonly EventAggregator _aggregator = new(options, time);
    private readonly EventDeduplicator _deduplicator = new(options);
    private readonly EventSpamFilter _spamFilter = new(options, time);

    /// <summary>The event to write, or null when it is dropped as spam; a repeat is written as a count patch.</summary>
    public CorrelatedEvent? Correlate(Corev1Event ev)
    {
        var (aggregated, key) = _aggregator.Aggregate(ev);
        var (observed, repeat) = _deduplicator.Observe(aggregated, key);
        return _spamFilter.Filter(observed) ? null : new CorrelatedEvent(observed, repeat, key);
    }

    /// <summary>Remembers the stored event so later repeats patch it.</summary>
    public void Written(CorrelatedEvent correlated, Corev1Event stored) => _deduplicator.Written(stored, correlated.Key);
}

/// <summary>An event that passed correlation: created, or patched when it repeats an earlier one.</summary>
internal sealed record CorrelatedEvent(Corev1Event Event, bool Repeat, string Key);
