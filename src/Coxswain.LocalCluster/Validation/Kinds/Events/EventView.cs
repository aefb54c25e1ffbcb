using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Events;

/// <summary>
/// An event seen through kube-apiserver's internal core.Event type, which both the core/v1 and the events.k8s.io/v1
/// representations convert to before validation. Error paths therefore use the internal names (involvedObject,
/// message, source...) even for events.k8s.io requests, as upstream's do.
/// </summary>
public sealed record EventView(
    string Namespace,
    JsonObject? InvolvedObject,
    string Reason,
    string Message,
    JsonObject? Source,
    string? FirstTimestamp,
    string? LastTimestamp,
    long Count,
    string Type,
    string? EventTime,
    JsonObject? Series,
    string Action,
    JsonObject? Related,
    string ReportingController,
    string ReportingInstance)
{
    public static EventView FromCoreV1(JsonObject e) => new(
        e.Obj("metadata").StrOrEmpty("namespace"), e.Obj("involvedObject"), e.StrOrEmpty("reason"), e.StrOrEmpty("message"),
        e.Obj("source"), e.Str("firstTimestamp"), e.Str("lastTimestamp"), e.Long("count") ?? 0, e.StrOrEmpty("type"), e.Str("eventTime"),
        e.Obj("series"), e.StrOrEmpty("action"), e.Obj("related"), e.StrOrEmpty("reportingComponent"), e.StrOrEmpty("reportingInstance"));

    /// <summary>events.k8s.io/v1 renames: regarding, note, deprecatedSource/FirstTimestamp/LastTimestamp/Count.</summary>
    public static EventView FromEventsV1(JsonObject e) => new(
        e.Obj("metadata").StrOrEmpty("namespace"), e.Obj("regarding"), e.StrOrEmpty("reason"), e.StrOrEmpty("note"),
        e.Obj("deprecatedSource"), e.Str("deprecatedFirstTimestamp"), e.Str("deprecatedLastTimestamp"), e.Long("deprecatedCount") ?? 0,
        e.StrOrEmpty("type"), e.Str("eventTime"), e.Obj("series"), e.StrOrEmpty("action"), e.Obj("related"),
        e.StrOrEmpty("reportingController"), e.StrOrEmpty("reportingInstance"));

    public bool HasEventTime => !string.IsNullOrEmpty(EventTime);
}
