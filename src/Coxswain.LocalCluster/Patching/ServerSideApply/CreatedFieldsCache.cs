using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// The fields a create records for its manager depend on the object's structure, not on its values: which keys each
/// object has, what kind each value is, and the items of lists (whose key fields and set values are part of the paths).
/// Objects created in numbers share that structure — the pods of one ReplicaSet, a kubelet's events, node leases — so the
/// set computed for one is kept under the object's <see cref="Skeleton"/> and reused for the next, instead of comparing
/// every field against nothing and building the set again.
/// </summary>
internal static class CreatedFieldsCache
{
    static readonly FieldSetCache SetsBySkeleton = new();

    public static bool TryGet(string skeleton, out FieldSet fields) => SetsBySkeleton.TryGet(skeleton, out fields);

    public static void Add(string skeleton, FieldSet fields) => SetsBySkeleton.Add(skeleton, fields);

    /// <summary>
    /// The object's structure as text: object keys in order with their values' kinds, nested objects likewise, and every
    /// list written out whole (list item identity — key fields, set values — is made of values). Prefixed with the
    /// resource, whose schema decides list semantics and which fields are ignored; managedFields are left out.
    /// </summary>
    public static string Skeleton(ResourceDefinition r, JsonObject obj)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(r.GroupResource);
            writer.WriteStringValue(r.ApiVersion);
            WriteObject(writer, obj, isMetadata: false);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    static void WriteObject(Utf8JsonWriter writer, JsonObject obj, bool isMetadata)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in obj)
        {
            if (isMetadata && key == "managedFields") continue;
            writer.WritePropertyName(key);
            switch (value)
            {
                case JsonObject child:
                    WriteObject(writer, child, isMetadata: key == "metadata" && ReferenceEquals(obj.Parent, null));
                    break;
                case JsonArray list:
                    list.WriteTo(writer);
                    break;
                case JsonValue scalar:
                    writer.WriteNumberValue((int)scalar.GetValueKind());
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }
        writer.WriteEndObject();
    }
}
