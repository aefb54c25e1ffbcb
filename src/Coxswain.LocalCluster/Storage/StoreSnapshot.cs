using System.Collections.Immutable;

namespace Coxswain.LocalCluster.Storage;

/// <summary>
/// An immutable view of every key at one revision, grouped in buckets (one per resource, the key's first segment) so a list
/// touches only its own resource. Snapshots share structure, so keeping one for a paged list costs almost nothing.
/// </summary>
public sealed class StoreSnapshot(long revision, ImmutableDictionary<string, ImmutableSortedDictionary<string, StoredObject>> buckets)
{
    public static readonly ImmutableSortedDictionary<string, StoredObject> EmptyBucket =
        ImmutableSortedDictionary.Create<string, StoredObject>(StringComparer.Ordinal);

    public long Revision { get; } = revision;
    internal ImmutableDictionary<string, ImmutableSortedDictionary<string, StoredObject>> Buckets { get; } = buckets;

    public ImmutableSortedDictionary<string, StoredObject> Bucket(string bucket) =>
        Buckets.TryGetValue(bucket, out var b) ? b : EmptyBucket;

    public StoredObject? Get(string key) =>
        Bucket(ObjectStore.BucketOf(key)).TryGetValue(key, out var o) ? o : null;
}
