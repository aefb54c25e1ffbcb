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

    /// <summary>The merge patch that records another occurrence of a series.</summary>
    public static V1Patch SeriesPatch(Eventsv1EventSeries series) => new(
        k8s.KubernetesJson.Serialize(new Corev1Event { Count = series.Count, LastTimestamp = series.LastObservedTime }),
        V1Patch.PatchType.MergePatch);
}
