using System.Text;

namespace Coxswain.LocalCluster.Storage;

/// <summary>The newline-delimited JSON framing kube-apiserver uses on watch streams.</summary>
public static class WatchWire
{
    static readonly byte[] Added = Encoding.UTF8.GetBytes("{\"type\":\"ADDED\",\"object\":");
    static readonly byte[] Modified = Encoding.UTF8.GetBytes("{\"type\":\"MODIFIED\",\"object\":");
    static readonly byte[] Deleted = Encoding.UTF8.GetBytes("{\"type\":\"DELETED\",\"object\":");
    static readonly byte[] Tail = "}\n"u8.ToArray();

    public static string Name(WatchEventType type) => type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };

    public static byte[] Line(WatchEventType type, ReadOnlySpan<byte> objectJson)
    {
        var head = type switch { WatchEventType.Added => Added, WatchEventType.Modified => Modified, _ => Deleted };
        var line = new byte[head.Length + objectJson.Length + Tail.Length];
        head.CopyTo(line, 0);
        objectJson.CopyTo(line.AsSpan(head.Length));
        Tail.CopyTo(line, head.Length + objectJson.Length);
        return line;
    }

    /// <summary>A watch line with any event type name (BOOKMARK, ERROR) around already-serialized JSON.</summary>
    public static byte[] Line(string type, ReadOnlySpan<byte> objectJson)
    {
        var head = Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":");
        var line = new byte[head.Length + objectJson.Length + Tail.Length];
        head.CopyTo(line, 0);
        objectJson.CopyTo(line.AsSpan(head.Length));
        Tail.CopyTo(line, head.Length + objectJson.Length);
        return line;
    }
}
