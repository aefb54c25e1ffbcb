namespace Coxswain.Runtime.Cache;

/// <summary>
/// Hands out one shared instance per distinct string value. Cached objects of one kind repeat the same strings thousands
/// of times (label keys and values, images, namespaces, owner names, condition types, ports, mount paths); each
/// deserialized object has its own copies, so sharing them is most of what makes a typed cache small.
/// <para>
/// Bounded: when <see cref="Capacity"/> distinct values have been pooled the pool starts afresh, so values that vanish
/// (deleted objects' unique strings) are never held forever; common values are back in the pool after their next use.
/// </para>
/// </summary>
public sealed class StringPool
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);

    public StringPool(int capacity = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The process-wide pool, shared by every store (strings such as namespaces and label keys cross kinds).</summary>
    public static StringPool Shared { get; } = new();

    public int Capacity { get; }

    /// <summary>The pooled instance equal to <paramref name="value"/>, pooling it if new.</summary>
    public string Intern(string value)
    {
        if (value.Length == 0)
        {
            return string.Empty;
        }

        lock (_gate)
        {
            if (_values.TryGetValue(value, out var pooled))
            {
                return pooled;
            }

            if (_values.Count >= Capacity)
            {
                _values.Clear();
            }

            _values.Add(value);
            return value;
        }
    }
}
