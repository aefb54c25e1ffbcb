using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Api;

/// <summary>
/// Converts Events between core/v1 (the stored form) and events.k8s.io/v1, with the field mapping of kube-apiserver's
/// conversion through the internal core.Event (pkg/apis/events/v1/conversion.go): regarding ↔ involvedObject,
/// note ↔ message, reportingController ↔ reportingComponent, deprecatedSource/FirstTimestamp/LastTimestamp/Count ↔
/// source/firstTimestamp/lastTimestamp/count. Everything else (metadata, eventTime, series, action, reason, related, type,
/// reportingInstance) has the same name in both versions and is carried over as it is.
/// </summary>
public static class EventVersions
{
    public const string CoreApiVersion = "v1";
    public const string EventsApiVersion = "events.k8s.io/v1";

    /// <summary>(core/v1 name, events.k8s.io/v1 name) of every renamed field.</summary>
    static readonly (string Core, string Events)[] Renamed =
    [
        ("involvedObject", "regarding"),
        ("message", "note"),
        ("reportingComponent", "reportingController"),
        ("source", "deprecatedSource"),
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
        ("count", "deprecatedCount"),
    ];

    /// <summary>Whether <paramref name="obj"/> is an Event that <see cref="Convert"/> can take to <paramref name="apiVersion"/>.</summary>
    public static bool Converts(JsonObject obj, string apiVersion) =>
        (string?)obj["kind"] == "Event" && (string?)obj["apiVersion"] is { } from && from != apiVersion &&
        from is CoreApiVersion or EventsApiVersion && apiVersion is CoreApiVersion or EventsApiVersion;

    /// <summary>A copy of the Event in <paramref name="apiVersion"/> (core/v1 or events.k8s.io/v1).</summary>
    public static JsonObject Convert(JsonObject obj, string apiVersion)
    {
        var toEvents = apiVersion == EventsApiVersion;
        var result = new JsonObject();
        foreach (var (name, value) in obj)
        {
            var renamed = Renamed.FirstOrDefault(r => (toEvents ? r.Core : r.Events) == name);
            var target = renamed == default ? name : toEvents ? renamed.Events : renamed.Core;
            result[target] = value?.DeepClone();
        }
        result["apiVersion"] = apiVersion;
        // Both object references are structs in Go, written even when empty ("regarding": {}, "involvedObject": {}).
        var reference = toEvents ? "regarding" : "involvedObject";
        if (result[reference] is null) result[reference] = new JsonObject();
        return result;
    }
}
