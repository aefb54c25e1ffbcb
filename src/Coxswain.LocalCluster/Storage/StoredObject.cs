using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Storage;

/// <summary>
/// The selectable facts of an object (labels and per-kind field values), computed once when the object is written so
/// that list and watch filtering never re-parse JSON.
/// </summary>
public sealed record ObjectAttributes(
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Fields,
    string Uid = "")
{
    public static readonly IReadOnlyDictionary<string, string> NoValues = new Dictionary<string, string>();
}

/// <summary>One revision of one key: the immutable unit the store keeps, lists and streams to watchers.</summary>
public sealed class StoredObject
{
    public StoredObject(string key, long revision, long createRevision, byte[] value, ObjectAttributes attributes)
    {
        Key = key;
        Revision = revision;
        CreateRevision = createRevision;
        Value = value;
        Attributes = attributes;
    }

    public string Key { get; }
    /// <summary>The global revision of the write that produced this value; it is the object's resourceVersion.</summary>
    public long Revision { get; }
    public long CreateRevision { get; }
    /// <summary>UTF-8 JSON of the object, with metadata.resourceVersion already set to <see cref="Revision"/>.</summary>
    public byte[] Value { get; }
    public ObjectAttributes Attributes { get; }

    /// <summary>A fresh, mutable copy of the object; callers may change it freely.</summary>
    public JsonObject ToJsonObject() => (JsonObject)JsonNode.Parse(Value)!;
}
