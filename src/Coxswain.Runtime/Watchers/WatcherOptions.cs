using Coxswain.Runtime.Backoff;

namespace Coxswain.Runtime.Watchers;

/// <summary>What and how a <see cref="ResourceWatcher{T}"/> watches (kube-rs's <c>watcher::Config</c>).</summary>
public sealed record WatcherOptions
{
    /// <summary>Only objects matching this label selector (narrowing the scope is seed 003's cure for a cache too large).</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Only objects matching this field selector.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>
    /// Server-side timeout of each watch request, after which it is re-opened from the last resource version. kube-rs's
    /// 290 s keeps it under the API server's minimum request timeout, so the server never cuts the stream first.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromSeconds(290);

    /// <summary>How the initial state is read: paged LIST then WATCH (default), or one streaming WATCH.</summary>
    public InitialListStrategy InitialListStrategy { get; init; } = InitialListStrategy.ListWatch;

    /// <summary>Whether lists read the most recent state (a consistent read) or any cached state (cheaper, maybe stale).</summary>
    public ListSemantic ListSemantic { get; init; } = ListSemantic.MostRecent;

    /// <summary>
    /// Page size of the initial list (default 500, as kube-rs and client-go). Smaller pages lower the memory peak of a
    /// relist, which is seed 003's other answer to memory spikes.
    /// </summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Ask for bookmarks, which keep the resume version fresh so a reconnect rarely needs a full relist.</summary>
    public bool Bookmarks { get; init; } = true;

    /// <summary>Creates the retry policy after errors; defaults to <see cref="ExponentialBackoff"/> (800 ms → 30 s, jitter).</summary>
    public Func<TimeProvider, IBackoff> BackoffFactory { get; init; } = time => new ExponentialBackoff(timeProvider: time);

    /// <summary>
    /// A watch that closes sooner than this without delivering any event counts as a failure and is retried with
    /// backoff (client-go's "very short watch"), so a server that closes streams at once cannot cause a hot loop.
    /// </summary>
    public TimeSpan MinimumWatchDuration { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>How a watcher reads the initial state.</summary>
public enum InitialListStrategy
{
    /// <summary>Paged LIST requests, then a WATCH from the list's resource version.</summary>
    ListWatch,

    /// <summary>
    /// One WATCH with <c>sendInitialEvents=true</c> (KEP-3157): the state arrives as events closed by a bookmark, without
    /// ever holding a full list response in memory. Falls back to <see cref="ListWatch"/> when the server refuses it.
    /// </summary>
    StreamingList,
}

/// <summary>Consistency of the lists a watcher makes.</summary>
public enum ListSemantic
{
    /// <summary>Most recent state (<c>resourceVersion</c> unset): a consistent read.</summary>
    MostRecent,

    /// <summary>Any state the server has cached (<c>resourceVersion=0</c>): cheaper, possibly stale.</summary>
    Any,
}
