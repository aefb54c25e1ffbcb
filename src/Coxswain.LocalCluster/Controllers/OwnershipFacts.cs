using System.Text.Json;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// What the garbage collector needs of an object: the uids of its owners, whether it is being deleted, and its finalizers.
/// Read straight from the stored bytes, stopping at the end of <c>metadata</c>: the collector sees every write in the
/// cluster (pod status, events, lease renewals), and materialising each object as a <c>JsonObject</c> just to look at
/// three metadata fields cost more than the rest of its work.
/// </summary>
public sealed record OwnershipFacts(IReadOnlyList<string> OwnerUids, bool Deleting, IReadOnlyList<string> Finalizers)
{
    static readonly OwnershipFacts None = new([], false, []);

    public static OwnershipFacts Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata) return reader.TokenType == JsonTokenType.StartObject ? ReadMetadata(ref reader) : None;
            reader.Skip();
        }
        return None;
    }

    static OwnershipFacts ReadMetadata(ref Utf8JsonReader reader)
    {
        List<string>? owners = null;
        List<string>? finalizers = null;
        var deleting = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ownerReferences"u8))
            {
                reader.Read();
                owners = ReadOwnerUids(ref reader);
            }
            else if (reader.ValueTextEquals("finalizers"u8))
            {
                reader.Read();
                finalizers = ReadStrings(ref reader);
            }
            else if (reader.ValueTextEquals("deletionTimestamp"u8))
            {
                reader.Read();
                deleting = reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return owners is null && finalizers is null && !deleting ? None : new OwnershipFacts(owners ?? [], deleting, finalizers ?? []);
    }

    static List<string>? ReadOwnerUids(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }
        var uids = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUid = reader.ValueTextEquals("uid"u8);
                reader.Read();
                if (isUid && reader.TokenType == JsonTokenType.String) uids.Add(reader.GetString()!);
                else reader.Skip();
            }
        }
        return uids;
    }

    static List<string>? ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String) values.Add(reader.GetString()!);
            else reader.Skip();
        }
        return values;
    }
}
