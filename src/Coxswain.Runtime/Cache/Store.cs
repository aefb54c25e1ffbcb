using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Cache;

/// <summary>
/// A thread-safe, indexed, in-memory cache of the objects of one watch (kube-rs's <c>reflector::Store</c>, client-go's
/// <c>Indexer</c>). Readers get the objects themselves, not copies: treat them as immutable. Written only through its
/// <see cref="StoreWriter{T}"/>, which applies watcher events: a (re)list is buffered and swapped in whole at
/// <see cref="WatcherEventType.InitDone"/>, so readers never see a half-listed state.
/// </summary>
public sealed class Store<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _gate = new();
    private readonly Func<T, T>? _transform;
    private readonly KeyValuePair<string, Func<T, IEnumerable<string>>>[] _indexers;
    // Index name -> index value -> the objects under it. The objects themselves, not just their keys, so reading an index
    // (a controller's children, on every reconcile) copies references instead of looking each key up again.
    private readonly Dictionary<string, Dictionary<string, Dictionary<ObjectKey, T>>> _indexes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<ObjectKey, T> _objects = new();
    private Dictionary<ObjectKey, T>? _buffer;

    internal Store(StoreOptions<T> options)
    {
        _transform = options.Transform;
        _indexers = [.. options.Indexers];
        foreach (var (name, _) in _indexers)
        {
            _indexes[name] = new Dictionary<string, Dictionary<ObjectKey, T>>(StringComparer.Ordinal);
        }
    }

    /// <summary>Whether the first complete list has been stored.</summary>
    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Number of cached objects.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _objects.Count;
            }
        }
    }

    /// <summary>Names of the maintained indexes.</summary>
    public IEnumerable<string> IndexNames => _indexers.Select(i => i.Key);

    /// <summary>
    /// Completes once the first complete list has been stored (kube-rs's <c>wait_until_ready</c>). Before that the
    /// store is empty or partial, and a controller reading it would act on objects it merely has not seen yet.
    /// </summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    public T? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    public T? Get(string? @namespace, string name) => Get(new ObjectKey(string.IsNullOrEmpty(@namespace) ? null : @namespace, name));

    /// <summary>A snapshot of every cached object.</summary>
    public IReadOnlyList<T> List()
    {
        lock (_gate)
        {
            return [.. _objects.Values];
        }
    }

    /// <summary>The cached objects matching <paramref name="predicate"/>.</summary>
    public IReadOnlyList<T> Find(Func<T, bool> predicate)
    {
        lock (_gate)
        {
            return [.. _objects.Values.Where(predicate)];
        }
    }

    /// <summary>The cached objects indexed under <paramref name="value"/> by index <paramref name="indexName"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_gate)
        {
            if (!_indexes.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"Index '{indexName}' does not exist.", nameof(indexName));
            }

            return index.TryGetValue(value, out var objects) ? [.. objects.Values] : [];
        }
    }

    /// <summary>The objects in one namespace, via the <see cref="Indexers.NamespaceIndex"/> index.</summary>
    public IReadOnlyList<T> InNamespace(string @namespace) => ByIndex(Indexers.NamespaceIndex, @namespace);

    /// <summary>The objects owned by the object with <paramref name="ownerUid"/>, via the <see cref="Indexers.OwnerUidIndex"/> index.</summary>
    public IReadOnlyList<T> OwnedBy(string ownerUid) => ByIndex(Indexers.OwnerUidIndex, ownerUid);

    /// <summary>
    /// The objects in <paramref name="namespace"/> without a controller, via the <see cref="Indexers.OrphanIndex"/> index
    /// (a default one; a store created with its own index list must include it).
    /// </summary>
    public IReadOnlyList<T> OrphansIn(string @namespace) => ByIndex(Indexers.OrphanIndex, @namespace);

    /// <summary>Applies one watcher event and returns the resulting changes for subscribers (none, one, or a relist's diff).</summary>
    internal IReadOnlyList<ObjectChange<T>> Apply(WatcherEvent<T> watcherEvent)
    {
        var obj = watcherEvent.Object is { } received && _transform is not null ? _transform(received) : watcherEvent.Object;
        lock (_gate)
        {
            switch (watcherEvent.Type)
            {
                case WatcherEventType.Init:
                    _buffer = new Dictionary<ObjectKey, T>();
                    return [];
                case WatcherEventType.InitApply:
                    (_buffer ??= new Dictionary<ObjectKey, T>())[ObjectKey.Of(obj!)] = obj!;
                    return [];
                case WatcherEventType.InitDone:
                    return SwapInBuffer();
                case WatcherEventType.Apply:
                    return Upsert(obj!);
                case WatcherEventType.Delete:
                    return Remove(obj!);
                default:
                    throw new ArgumentOutOfRangeException(nameof(watcherEvent), watcherEvent.Type, null);
            }
        }
    }

    // Callers hold _gate.
    private IReadOnlyList<ObjectChange<T>> SwapInBuffer()
    {
        var listed = _buffer ?? new Dictionary<ObjectKey, T>();
        _buffer = null;
        var changes = new List<ObjectChange<T>>();
        foreach (var (key, obj) in listed)
        {
            if (!_objects.TryGetValue(key, out var old))
            {
                changes.Add(new ObjectChange<T>(ObjectChangeType.Added, obj));
            }
            else if (!SameVersion(old, obj))
            {
                changes.Add(new ObjectChange<T>(ObjectChangeType.Updated, obj, old));
            }
        }

        foreach (var (key, old) in _objects)
        {
            if (!listed.ContainsKey(key))
            {
                changes.Add(new ObjectChange<T>(ObjectChangeType.Deleted, old));
            }
        }

        _objects = listed;
        foreach (var index in _indexes.Values)
        {
            index.Clear();
        }

        foreach (var (key, obj) in _objects)
        {
            AddToIndexes(key, obj);
        }

        _ready.TrySetResult();
        return changes;
    }

    // Callers hold _gate.
    private IReadOnlyList<ObjectChange<T>> Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        _buffer?.Remove(key);
        _buffer?.Add(key, obj);
        if (_objects.TryGetValue(key, out var old))
        {
            if (SameVersion(old, obj))
            {
                return [];
            }

            RemoveFromIndexes(key, old);
        }

        _objects[key] = obj;
        AddToIndexes(key, obj);
        return [old is null ? new ObjectChange<T>(ObjectChangeType.Added, obj) : new ObjectChange<T>(ObjectChangeType.Updated, obj, old)];
    }

    // Callers hold _gate.
    private IReadOnlyList<ObjectChange<T>> Remove(T obj)
    {
        var key = ObjectKey.Of(obj);
        _buffer?.Remove(key);
        if (!_objects.Remove(key, out var old))
        {
            return [];
        }

        RemoveFromIndexes(key, old);
        return [new ObjectChange<T>(ObjectChangeType.Deleted, obj)];
    }

    // Callers hold _gate. Index values are recomputed from the old object rather than remembered, as client-go does:
    // index functions are pure, and remembering would cost memory per object.
    private void AddToIndexes(ObjectKey key, T obj)
    {
        foreach (var (name, indexer) in _indexers)
        {
            var index = _indexes[name];
            foreach (var value in indexer(obj))
            {
                if (!index.TryGetValue(value, out var objects))
                {
                    index[value] = objects = [];
                }

                objects[key] = obj;
            }
        }
    }

    private void RemoveFromIndexes(ObjectKey key, T obj)
    {
        foreach (var (name, indexer) in _indexers)
        {
            var index = _indexes[name];
            foreach (var value in indexer(obj))
            {
                if (index.TryGetValue(value, out var objects) && objects.Remove(key) && objects.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }

    // An object re-delivered unchanged (a relist, a re-opened watch replaying) is not a change for subscribers.
    private static bool SameVersion(T old, T obj)
    {
        var version = obj.Metadata?.ResourceVersion;
        return !string.IsNullOrEmpty(version) && string.Equals(old.Metadata?.ResourceVersion, version, StringComparison.Ordinal);
    }
}
