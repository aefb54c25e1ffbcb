namespace Coxswain.Runtime.Cache;

/// <summary>One change of a cached object, as delivered to the subscribers of a shared informer.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Object">The object after the change (for a deletion, its last known state).</param>
/// <param name="OldObject">For <see cref="ObjectChangeType.Updated"/>, the cached state before the change.</param>
public readonly record struct ObjectChange<T>(ObjectChangeType Type, T Object, T? OldObject = default);

/// <summary>The kinds of <see cref="ObjectChange{T}"/>.</summary>
public enum ObjectChangeType
{
    Added,
    Updated,
    Deleted,
}
