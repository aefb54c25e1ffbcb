namespace Coxswain.LocalCluster.Storage;

public enum WatchEventType { Added, Modified, Deleted }

/// <summary>
/// One committed change. Every revision produces exactly one event, so the event log is indexed by revision.
/// <see cref="Object"/> is the new value (for Deleted: the last value, re-stamped with the deletion revision);
/// <see cref="Previous"/> is the value before, which selector-filtered watches need to turn updates into ADDED/DELETED.
/// </summary>
public sealed class WatchEvent(WatchEventType type, StoredObject obj, StoredObject? previous)
{
    public WatchEventType Type { get; } = type;
    public StoredObject Object { get; } = obj;
    public StoredObject? Previous { get; } = previous;
    public long Revision => Object.Revision;

    /// <summary>
    /// The serialized watch line (<c>{"type":"ADDED","object":{…}}\n</c>) for plain JSON watchers, built once and shared by all
    /// of them: serializing once per event rather than once per watcher is what keeps fan-out cheap.
    /// </summary>
    public byte[] WireLine => wireLine ??= WatchWire.Line(Type, Object.Value);

    byte[]? wireLine;
}
