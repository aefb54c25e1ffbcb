using k8s.Models;

namespace Coxswain.Runtime.Events;

/// <summary>
/// An <c>events.k8s.io/v1</c> Event in its <c>core/v1</c> form, as the API server converts between the two:
/// regarding → involvedObject, note → message, reporting controller → source.component and reportingComponent,
/// the series count and last observation → count and lastTimestamp.
/// </summary>
internal static class CoreV1Events
{
    public static Corev1Event From(Eventsv1Event ev) => new()
    {
        ApiVersion = "v1",
        Kind = "Event",
        Metadata = new V1ObjectMeta { Name = ev.Metadata.Name, NamespaceProperty = ev.Metadata.NamespaceProperty },
        InvolvedObject = ev.Regarding,
        Related = ev.Related,
        Reason = ev.Reason,
        Message = ev.Note,
        Type = ev.Type,
        Action = ev.Action,
        Source = new V1EventSource { Component = ev.ReportingController },
        FirstTimestamp = ev.EventTime,
        LastTimestamp = ev.Series?.LastObservedTime ?? ev.EventTime,
        Count = ev.Series?.Count ?? 1,
        ReportingComponent = ev.ReportingController,
        ReportingInstance = ev.ReportingInstance,
    };

    /// <summary>
    /// The patch that records another occurrence of an event already written: count, last timestamp and message (the
    /// fields client-go's two-way merge patch carries).
    /// </summary>
    public static V1Patch RepeatPatch(Corev1Event ev) => new(
        k8s.KubernetesJson.Serialize(new Corev1Event { Count = ev.Count, LastTimestamp = ev.LastTimestamp, Message = ev.Message }),
        V1Patch.PatchType.StrategicMergePatch);
}
