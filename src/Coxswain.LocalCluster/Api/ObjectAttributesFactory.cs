using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Storage;

namespace Coxswain.LocalCluster.Api;

/// <summary>Computes the selectable attributes the store keeps beside each object (see <see cref="ObjectAttributes"/>).</summary>
public sealed class ObjectAttributesFactory(ResourceCatalog catalog)
{
    public ObjectAttributes Compute(string key, JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        var labels = meta?["labels"] is JsonObject l
            ? l.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => (string?)kv.Value ?? "")
            : (IReadOnlyDictionary<string, string>)ObjectAttributes.NoValues;
        var r = catalog.ForBucket(ObjectStore.BucketOf(key));
        var fields = r is null ? ObjectAttributes.NoValues : SelectableFields.For(r).ValuesOf(obj);
        return new ObjectAttributes((string?)meta?["namespace"] ?? "", (string?)meta?["name"] ?? "", labels, fields,
            (string?)meta?["uid"] ?? "");
    }
}
