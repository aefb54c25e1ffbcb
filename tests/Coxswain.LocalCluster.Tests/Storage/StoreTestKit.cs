using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Storage;

namespace Coxswain.LocalCluster.Tests.Storage;

/// <summary>
/// Builds stores and objects for the storage tests. Keys follow the server's shape (<c>bucket/namespace/name</c>) so buckets
/// behave as they do behind the API; attributes are just namespace and name, since selectors are not the store's business.
/// </summary>
static class StoreTestKit
{
    public static ObjectStore InMemory() => new(new MemoryRevisionLog(), Attributes);

    public static ObjectStore Sqlite(string path) => new(new SqliteRevisionLog(path), Attributes);

    public static ObjectAttributes Attributes(string key, JsonObject obj)
    {
        var parts = key.Split('/');
        return new ObjectAttributes(parts.Length > 2 ? parts[1] : "", parts[^1], ObjectAttributes.NoValues, ObjectAttributes.NoValues);
    }

    /// <summary>A minimal object: metadata (the store stamps resourceVersion there) plus one value to tell versions apart.</summary>
    public static JsonObject Obj(string name, int value) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["value"] = value,
    };

    public static int ValueOf(StoredObject stored) => (int)stored.ToJsonObject()["value"]!;

    public static string ResourceVersionOf(StoredObject stored) => (string)stored.ToJsonObject()["metadata"]!["resourceVersion"]!;

    public static List<WatchEvent> AllEventsAfter(ObjectStore store, long revision)
    {
        var events = new List<WatchEvent>();
        store.Events.ReadAfter(revision, int.MaxValue, events);
        return events;
    }
}
