using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Events;

/// <summary>
/// Publishes <c>events.k8s.io/v1</c> Events about objects on behalf of one controller (client-go's
/// <c>events.EventRecorder</c>). Publishing never blocks and never fails the caller: events are written in the
/// background by the <see cref="EventBroadcaster"/>, which folds repeats into a series. Create with
/// <see cref="EventBroadcaster.NewRecorder"/>.
/// </summary>
public sealed class EventRecorder
{
    // events.k8s.io validation rejects a longer note; a truncated event is more useful than none.
    private const int NoteLengthLimit = 1024;

    private readonly EventBroadcaster _broadcaster;
    private readonly TimeProvider _time;

    internal EventRecorder(EventBroadcaster broadcaster, string reportingController, string reportingInstance, TimeProvider time)
    {
        _broadcaster = broadcaster;
        _time = time;
        ReportingController = reportingController;
        ReportingInstance = reportingInstance;
    }

    /// <summary>The controller named in every event, e.g. <c>example.com/mirror-controller</c>.</summary>
    public string ReportingController { get; }

    /// <summary>This replica of the controller, e.g. <c>mirror-controller-host-1</c>.</summary>
    public string ReportingInstance { get; }

    /// <summary>
    /// Publishes an event about <paramref name="regarding"/>.
    /// </summary>
    /// <param name="regarding">The object the event is about (shown by <c>kubectl describe</c>).</param>
    /// <param name="type"><see cref="EventTypes.Normal"/> or <see cref="EventTypes.Warning"/>.</param>
    /// <param name="reason">Why, in UpperCamelCase, for machines: <c>Created</c>, <c>SyncFailed</c>.</param>
    /// <param name="action">What was done or failed, for machines: <c>Create</c>, <c>Sync</c>.</param>
    /// <param name="note">A human-readable description (at most 1024 characters are kept).</param>
    /// <param name="related">A second object involved, e.g. the child that was created.</param>
    public void Publish(
        IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string action, string note,
        IKubernetesObject<V1ObjectMeta>? related = null)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        if (type is not (EventTypes.Normal or EventTypes.Warning))
        {
            throw new ArgumentException($"Unsupported event type: '{type}'", nameof(type));
        }

        var now = _time.GetUtcNow();
        var reference = ReferenceTo(regarding);
        _broadcaster.Enqueue(new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                // client-go's name: the object's name and the time in hexadecimal nanoseconds, unique per occurrence.
                Name = $"{reference.Name}.{UnixNanoseconds(now):x}",
                NamespaceProperty = string.IsNullOrEmpty(reference.NamespaceProperty) ? "default" : reference.NamespaceProperty,
            },
            EventTime = now.UtcDateTime,
            ReportingController = ReportingController,
            ReportingInstance = ReportingInstance,
            Action = action,
            Reason = reason,
            Regarding = reference,
            Related = related is null ? null : ReferenceTo(related),
            Note = note.Length > NoteLengthLimit ? note[..NoteLengthLimit] : note,
            Type = type,
        });
    }

    /// <summary>Publishes a <see cref="EventTypes.Normal"/> event.</summary>
    public void Normal(IKubernetesObject<V1ObjectMeta> regarding, string reason, string action, string note, IKubernetesObject<V1ObjectMeta>? related = null) =>
        Publish(regarding, EventTypes.Normal, reason, action, note, related);

    /// <summary>Publishes a <see cref="EventTypes.Warning"/> event.</summary>
    public void Warning(IKubernetesObject<V1ObjectMeta> regarding, string reason, string action, string note, IKubernetesObject<V1ObjectMeta>? related = null) =>
        Publish(regarding, EventTypes.Warning, reason, action, note, related);

    // client-go's reference.GetReference: type, identity and the version observed.
    private static V1ObjectReference ReferenceTo(IKubernetesObject<V1ObjectMeta> obj)
    {
        var (apiVersion, kind) = (obj.ApiVersion, obj.Kind);
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            var resource = ApiResource.For(obj.GetType());
            (apiVersion, kind) = (resource.ApiVersion, resource.Kind);
        }

        return new V1ObjectReference
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = obj.Metadata?.Name,
            NamespaceProperty = obj.Metadata?.NamespaceProperty,
            Uid = obj.Metadata?.Uid,
            ResourceVersion = obj.Metadata?.ResourceVersion,
        };
    }

    private static long UnixNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
