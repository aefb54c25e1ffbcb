using k8s.Models;

namespace Coxswain.Runtime.Events.Correlation;

/// <summary>
/// Turns a repeat of an event already written into a count increment of that event (client-go's <c>eventLogger</c>):
/// the same source, object, type, reason and message are one Event whose <c>count</c> and <c>lastTimestamp</c> move.
/// </summary>
internal sealed class EventDeduplicator(EventCorrelatorOptions options)
{
    private readonly LruCache<string, Observation> _observations = new(options.CacheSize);

    /// <summary>
    /// The event to write and whether it repeats one already written (then it carries that event's name, first
    /// timestamp and the next count, and is written as a patch).
    /// </summary>
    public (Corev1Event Event, bool Repeat) Observe(Corev1Event ev, string key)
    {
        var repeat = _observations.TryGet(key, out var last) && last.Count > 0;
        if (repeat)
        {
            ev.Metadata.Name = last.Name;
            ev.Metadata.ResourceVersion = last.ResourceVersion;
            ev.FirstTimestamp = last.FirstTimestamp;
            ev.Count = last.Count + 1;
        }

        _observations.Set(key, new Observation(ev.Count ?? 1, ev.FirstTimestamp, ev.Metadata.Name, ev.Metadata.ResourceVersion));
        return (ev, repeat);
    }

    /// <summary>Records what the server stored, so the next repeat patches the right object.</summary>
    public void Written(Corev1Event stored, string key) =>
        _observations.Set(key, new Observation(stored.Count ?? 1, stored.FirstTimestamp, stored.Metadata.Name, stored.Metadata.ResourceVersion));

    // client-go's getEventKey.
    public static string KeyOf(Corev1Event ev) => string.Concat(
        ev.Source?.Component, ev.Source?.Host, ev.InvolvedObject.Kind, ev.InvolvedObject.NamespaceProperty,
        ev.InvolvedObject.Name, ev.InvolvedObject.FieldPath, ev.InvolvedObject.Uid, ev.InvolvedObject.ApiVersion,
        ev.Type, ev.Reason, ev.Message);

    private readonly record struct Observation(int Count, DateTime? FirstTimestamp, string Name, string? ResourceVersion);
}
