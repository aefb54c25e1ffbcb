using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>
/// kubectl's event columns: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME
/// (wide columns are interleaved, so the cell order follows the column list, not the narrow view).
/// </summary>
internal sealed class EventTablePrinter(Func<JsonObject, EventFields> read) : ITablePrinter
{
    public static readonly EventTablePrinter CoreV1 = new(EventFields.FromCoreV1);
    public static readonly EventTablePrinter EventsV1 = new(EventFields.FromEventsV1);

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
        new("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "The object that this event is about."),
        new("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.", Priority: 1),
        new("Source", "string", "The component reporting this event. Should be a short machine understandable string.", Priority: 1),
        new("Message", "string", "A human-readable description of the status of this operation."),
        new("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", Priority: 1),
        new("Count", "string", "The number of times this event has occurred.", Priority: 1),
        new("Name", "string", CommonColumns.NameDescription, Priority: 1, Format: "name"),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var e = read(obj);
        // New-style events carry eventTime instead of firstTimestamp, and a series instead of count/lastTimestamp.
        var firstSeen = Timestamps.IsZero(e.FirstTimestamp)
            ? Timestamps.Since(e.EventTime, now)
            : Timestamps.Since(e.FirstTimestamp, now);
        var lastSeen = Timestamps.IsZero(e.LastTimestamp) ? firstSeen : Timestamps.Since(e.LastTimestamp, now);
        var count = e.Count;
        if (e.Series is not null)
        {
            lastSeen = Timestamps.Since(e.Series.StringAt("lastObservedTime"), now);
            count = e.Series.IntegerAt("count").GetValueOrDefault();
        }
        else if (count == 0)
        {
            count = 1; // singleton events of the new API leave count unset
        }

        return new PrintedRow(
            lastSeen,
            e.Type,
            e.Reason,
            InvolvedObjectText(e.InvolvedObject),
            e.InvolvedObject.TextAt("fieldPath"),
            SourceText(e),
            e.Message.Trim(),
            firstSeen,
            count,
            e.Name);
    }

    /// <summary>"pod/web-0", or just the lower-cased kind when the reference has no name.</summary>
    static string InvolvedObjectText(JsonObject? involved)
    {
        var kind = involved.TextAt("kind").ToLowerInvariant();
        var name = involved.TextAt("name");
        return name.Length > 0 ? $"{kind}/{name}" : kind;
    }

    /// <summary>"component, host", falling back to the reporting controller and instance; the host part is dropped when empty.</summary>
    static string SourceText(EventFields e)
    {
        var component = FirstNonEmpty(e.Source.TextAt("component"), e.ReportingComponent);
        var instance = FirstNonEmpty(e.Source.TextAt("host"), e.ReportingInstance);
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;
}
