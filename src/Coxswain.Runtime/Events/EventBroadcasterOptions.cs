namespace Coxswain.Runtime.Events;

/// <summary>Timing of an <see cref="EventBroadcaster"/>; the defaults are client-go's (<c>tools/events</c>).</summary>
public sealed record EventBroadcasterOptions
{
    /// <summary>How often ongoing series are written with their current count (client-go's <c>refreshTime</c>, 30 min).</summary>
    public TimeSpan SeriesRefreshInterval { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A series not observed for this long is finished (its final count written) and a single event is forgotten, so a
    /// later repeat starts afresh (client-go's <c>finishTime</c>, 6 min; also how often this is checked).
    /// </summary>
    public TimeSpan SeriesFinishAfter { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>Attempts per event when the server cannot be reached (client-go's <c>maxTriesPerEvent</c>, 12).</summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>Pause between attempts, ±25 % jitter (client-go's <c>defaultSleepDuration</c>, 10 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Events waiting to be written beyond this are dropped (client-go's <c>maxQueuedEvents</c>, 1000).</summary>
    public int MaxQueuedEvents { get; init; } = 1000;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The Event API written; <see cref="EventApi.CoreV1"/> for components that write legacy Events.</summary>
    public EventApi Api { get; init; } = EventApi.EventsV1;

    /// <summary>Aggregation, counting and spam limits applied to <see cref="EventApi.CoreV1"/> events.</summary>
    public Correlation.EventCorrelatorOptions Correlator { get; init; } = new();
}
