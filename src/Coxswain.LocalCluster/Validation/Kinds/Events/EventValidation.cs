using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Kinds.Events;

/// <summary>pkg/apis/core/validation/events.go: the legacy rules every event passes and the strict events.k8s.io/v1 ones.</summary>
public static class EventValidation
{
    const int ReportingInstanceLengthLimit = 128;
    const int ActionLengthLimit = 128;
    const int ReasonLengthLimit = 128;
    const int NoteLengthLimit = 1024;

    static FieldPath P(string name) => FieldPath.Root(name);

    /// <summary>legacyValidateEvent. "New" events (those with eventTime) must name their reporter, action and reason.</summary>
    public static IEnumerable<FieldError> ValidateLegacy(EventView e)
    {
        var involvedNamespace = e.InvolvedObject.StrOrEmpty("namespace");
        if (!e.HasEventTime)
        {
            var matches = involvedNamespace.Length == 0 ? e.Namespace is "" or "default" : e.Namespace == involvedNamespace;
            if (!matches) yield return FieldError.Invalid(P("involvedObject").Child("namespace"), involvedNamespace, "does not match event.namespace");
        }
        else
        {
            if (involvedNamespace.Length == 0 && e.Namespace is not ("default" or "kube-system"))
                yield return FieldError.Invalid(P("involvedObject").Child("namespace"), involvedNamespace, "does not match event.namespace");
            if (e.ReportingController.Length == 0) yield return FieldError.Required(P("reportingController"));
            foreach (var m in LabelFormats.IsQualifiedName(e.ReportingController)) yield return FieldError.Invalid(P("reportingController"), e.ReportingController, m);
            foreach (var err in RequiredWithLimit(e.ReportingInstance, "reportingInstance", ReportingInstanceLengthLimit)) yield return err;
            foreach (var err in RequiredWithLimit(e.Action, "action", ActionLengthLimit)) yield return err;
            foreach (var err in RequiredWithLimit(e.Reason, "reason", ReasonLengthLimit)) yield return err;
            if (ValidationText.GoLength(e.Message) > NoteLengthLimit) yield return TooLong("message", NoteLengthLimit);
        }
        // Reported against "namespace", not "metadata.namespace".
        foreach (var m in DnsNames.IsDns1123Subdomain(e.Namespace)) yield return FieldError.Invalid(P("namespace"), e.Namespace, m);
    }

    static IEnumerable<FieldError> RequiredWithLimit(string value, string field, int limit)
    {
        if (value.Length == 0) yield return FieldError.Required(P(field));
        if (ValidationText.GoLength(value) > limit) yield return TooLong(field, limit);
    }

    static FieldError TooLong(string field, int limit) => FieldError.Invalid(P(field), "", $"can have at most {limit} characters");

    /// <summary>The create rules of events.k8s.io/v1 (and newer) on top of the legacy ones, minus ObjectMeta.</summary>
    public static IEnumerable<FieldError> ValidateStrictCreate(EventView e)
    {
        foreach (var err in ValidateSeries(e.Series)) yield return err;
        if (!e.HasEventTime) yield return FieldError.Required(P("eventTime"));
        if (e.Type is not ("Normal" or "Warning")) yield return FieldError.Invalid(P("type"), "", $"has invalid value: {e.Type}");
        if (!string.IsNullOrEmpty(e.FirstTimestamp)) yield return FieldError.Invalid(P("firstTimestamp"), "", "needs to be unset");
        if (!string.IsNullOrEmpty(e.LastTimestamp)) yield return FieldError.Invalid(P("lastTimestamp"), "", "needs to be unset");
        if (e.Count != 0) yield return FieldError.Invalid(P("count"), "", "needs to be unset");
        if (e.Source.StrOrEmpty("component").Length > 0 || e.Source.StrOrEmpty("host").Length > 0)
            yield return FieldError.Invalid(P("source"), "", "needs to be unset");
    }

    /// <summary>validateV1EventSeries; the paths are written with a dot inside one segment upstream.</summary>
    static IEnumerable<FieldError> ValidateSeries(JsonObject? series)
    {
        if (series is null) yield break;
        if ((series.Long("count") ?? 0) < 2) yield return FieldError.Invalid(P("series.count"), "", "should be at least 2");
        if (series.StrOrEmpty("lastObservedTime").Length == 0) yield return FieldError.Required(P("series.lastObservedTime"));
    }

    /// <summary>The update rules of events.k8s.io/v1: a changed series is revalidated and everything else is immutable.</summary>
    public static IEnumerable<FieldError> ValidateStrictUpdate(EventView e, EventView old)
    {
        if (!JsonFields.DeepEquals(e.Series, old.Series))
            foreach (var err in ValidateSeries(e.Series)) yield return err;

        var checks = new (string Field, object? New, object? Old)[]
        {
            ("involvedObject", e.InvolvedObject, old.InvolvedObject), ("reason", e.Reason, old.Reason), ("message", e.Message, old.Message),
            ("source", e.Source, old.Source), ("firstTimestamp", Time(e.FirstTimestamp), Time(old.FirstTimestamp)),
            ("lastTimestamp", Time(e.LastTimestamp), Time(old.LastTimestamp)), ("count", e.Count, old.Count),
            // Upstream checks reason twice; the duplicate is kept so the cause list matches.
            ("reason", e.Reason, old.Reason), ("type", e.Type, old.Type), ("eventTime", Time(e.EventTime), Time(old.EventTime)),
            ("action", e.Action, old.Action), ("related", e.Related, old.Related),
            ("reportingController", e.ReportingController, old.ReportingController), ("reportingInstance", e.ReportingInstance, old.ReportingInstance),
        };
        foreach (var (field, newValue, oldValue) in checks)
            if (!SameValue(newValue, oldValue)) yield return FieldError.Invalid(P(field), newValue, ValidationText.Immutable);
    }

    static StringerValue Time(string? wire) => new(GoTimeText.FromWire(string.IsNullOrEmpty(wire) ? "0001-01-01T00:00:00Z" : wire));

    static bool SameValue(object? a, object? b) => a is JsonNode || b is JsonNode
        ? JsonFields.DeepEquals(a as JsonNode, b as JsonNode)
        : Equals(a, b);
}
