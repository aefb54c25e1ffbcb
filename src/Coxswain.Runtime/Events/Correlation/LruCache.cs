namespace Coxswain.Runtime.Events.Correlation;

/// <summary>
/// A bounded map that forgets the least recently used entry when full (groupcache's <c>lru.Cache</c>, which client-go's
/// event correlator keys its state by), so a controller touching millions of objects keeps constant memory.
/// </summary>
internal sealed class LruCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = new();
    private readonly LinkedList<(TKey Key, TValue Value)> _recency = new();

    public int Count => _entries.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            value = node.Value.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            _recency.Remove(node);
            node.Value = (key, value);
            _recency.AddFirst(node);
            return;
        }

        _entries[key] = _recency.AddFirst((key, value));
        if (_entries.Count > capacity)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }
    }
}
