using k8s.Models;

namespace Coxswain.Runtime.Events.Correlation;

/// <summary>
/// Folds events that differ only in their message into one (client-go's <c>EventAggregator</c>): once
/// <see cref="EventCorrelatorOptions.AggregateMaxEvents"/> distinct messages for the same source, object, type and reason
/// were seen within <see cref="EventCorrelatorOptions.AggregateInterval"/> of each other, further ones become a single
/// event "(combined from similar events): &lt;latest message&gt;" whose count grows.
/// </summary>
internal sealed class EventAggregator(EventCorrelatorOptions options, TimeProvider time)
{
    private const string CombinedPrefix = "(combined from similar events): ";

    private readonly LruCache<string, Record> _records = new(options.CacheSize);

    /// <summary>The event to record and the key its occurrences are counted under.</summary>
    public (Corev1Event Event, string Key) Aggregate(Corev1Event ev)
    {
        var now = time.GetUtcNow();
        var aggregateKey = string.Concat(
            ev.Source?.Component, ev.Source?.Host, ev.InvolvedObject.Kind, ev.InvolvedObject.NamespaceProperty,
            ev.InvolvedObject.Name, ev.InvolvedObject.Uid, ev.InvolvedObject.ApiVersion, ev.Type, ev.Reason,
            ev.ReportingComponent, ev.ReportingInstance);
        if (!_records.TryGet(aggregateKey, out var record) || now - record.LastSeen > options.AggregateInterval)
        {
            record = new Record(new HashSet<string>(StringComparer.Ordinal), now);
        }

        record.Messages.Add(ev.Message ?? "");
        _records.Set(aggregateKey, record with { LastSeen = now });
        if (record.Messages.Count < options.AggregateMaxEvents)
        {
            return (ev, EventDeduplicator.KeyOf(ev));
        }

        // Keep the set from growing past the limit (client-go pops an arbitrary member).
        record.Messages.Remove(record.Messages.First());
        var combined = new Corev1Event
        {
            ApiVersion = ev.ApiVersion,
            Kind = ev.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = $"{ev.InvolvedObject.Name}.{(now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100:x}",
                NamespaceProperty = ev.Metadata.NamespaceProperty,
            },
            Count = 1,
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            InvolvedObject = ev.InvolvedObject,
            Message = CombinedPrefix + ev.Message,
            Type = ev.Type,
            Reason = ev.Reason,
            Source = ev.Source,
        };
        return (combined, aggregateKey);
    }

    private sealed record Record(HashSet<string> Messages, DateTimeOffset LastSeen);
}
