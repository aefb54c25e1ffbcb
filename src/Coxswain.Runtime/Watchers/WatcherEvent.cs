namespace Coxswain.Runtime.Watchers;

/// <summary>
/// One event of a <see cref="ResourceWatcher{T}"/> stream (kube-rs's <c>watcher::Event</c>). A (re)list is framed by
/// <see cref="WatcherEventType.Init"/> … <see cref="WatcherEventType.InitApply"/>* … <see cref="WatcherEventType.InitDone"/>,
/// after which the complete state is known and a store swaps it in atomically; then changes arrive as
/// <see cref="WatcherEventType.Apply"/> and <see cref="WatcherEventType.Delete"/>.
/// </summary>
public readonly record struct WatcherEvent<T>(WatcherEventType Type, T? Object)
{
    public static WatcherEvent<T> Init => new(WatcherEventType.Init, default);

    public static WatcherEvent<T> InitDone => new(WatcherEventType.InitDone, default);

    public static WatcherEvent<T> InitApply(T obj) => new(WatcherEventType.InitApply, obj);

    public static WatcherEvent<T> Apply(T obj) => new(WatcherEventType.Apply, obj);

    public static WatcherEvent<T> Delete(T obj) => new(WatcherEventType.Delete, obj);
}

/// <summary>The kinds of <see cref="WatcherEvent{T}"/>.</summary>
public enum WatcherEventType
{
    /// <summary>A (re)list starts; what follows until <see cref="InitDone"/> is the complete current state.</summary>
    Init,

    /// <summary>One object of the initial state.</summary>
    InitApply,

    /// <summary>The initial state is complete.</summary>
    InitDone,

    /// <summary>An object was added or modified.</summary>
    Apply,

    /// <summary>An object was deleted; carries its last state.</summary>
    Delete,
}
