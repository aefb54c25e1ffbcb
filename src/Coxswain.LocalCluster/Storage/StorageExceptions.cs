namespace Coxswain.LocalCluster.Storage;

/// <summary>A write was refused by the store's compare-and-swap; the API layer turns each kind into a Status.</summary>
public abstract class StorageException(string key, string message) : Exception(message)
{
    public string Key { get; } = key;
}

public sealed class KeyExistsException(string key) : StorageException(key, $"key {key} already exists");

public sealed class KeyNotFoundStorageException(string key) : StorageException(key, $"key {key} not found");

/// <summary>The caller's expected revision is not the key's current one; <see cref="Current"/> is what is stored now.</summary>
public sealed class RevisionMismatchException(string key, StoredObject current)
    : StorageException(key, $"key {key} is at revision {current.Revision}")
{
    public StoredObject Current { get; } = current;
}

/// <summary>A watch or list asked for a revision that compaction has already dropped.</summary>
public sealed class RevisionCompactedException(long requested, long compacted)
    : Exception($"too old resource version: {requested} ({compacted})")
{
    public long Requested { get; } = requested;
    public long Compacted { get; } = compacted;
}
