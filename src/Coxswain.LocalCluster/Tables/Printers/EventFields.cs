using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>
/// The fields the event printer reads, named as in core/v1. kube-apiserver serves core/v1 and events.k8s.io/v1
/// events from one internal type and prints both with the same printer; this is that common view.
/// </summary>
internal sealed record EventFields(
    string Name,
    string Type,
    string Reason,
    string Message,
    JsonObject? InvolvedObject,
    JsonObject? Source,
    string ReportingComponent,
    string ReportingInstance,
    string? FirstTimestamp,
    string? LastTimestamp,
    string? EventTime,
    long Count,
    JsonObject? Series)
{
    public static EventFields FromCoreV1(JsonObject e) => new(
        CommonColumns.NameOf(e), e.TextAt("type"), e.TextAt("reason"), e.TextAt("message"),
        e.ObjectAt("involvedObject"), e.ObjectAt("source"), e.TextAt("reportingComponent"), e.TextAt("reportingInstance"),
        e.StringAt("firstTimestamp"), e.StringAt("lastTimestamp"), e.StringAt("eventTime"),
        e.IntegerAt("count").GetValueOrDefault(), e.ObjectAt("series"));

    /// <summary>events.k8s.io/v1 renames: regarding, note, reportingController and the deprecated* compatibility fields.</summary>
    public static EventFields FromEventsV1(JsonObject e) => new(
        CommonColumns.NameOf(e), e.TextAt("type"), e.TextAt("reason"), e.TextAt("note"),
        e.ObjectAt("regarding"), e.ObjectAt("deprecatedSource"), e.TextAt("reportingController"), e.TextAt("reportingInstance"),
        e.StringAt("deprecatedFirstTimestamp"), e.StringAt("deprecatedLastTimestamp"), e.StringAt("eventTime"),
        e.IntegerAt("deprecatedCount").GetValueOrDefault(), e.ObjectAt("series"));
}
