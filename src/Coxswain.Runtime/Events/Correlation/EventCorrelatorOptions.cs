namespace Coxswain.Runtime.Events.Correlation;

/// <summary>Limits of the legacy event correlator; the defaults are client-go's (<c>tools/record/events_cache.go</c>).</summary>
public sealed record EventCorrelatorOptions
{
    /// <summary>Events one source may write about one object at once (client-go's <c>defaultSpamBurst</c>, 25).</summary>
    public int SpamBurst { get; init; } = 25;

    /// <summary>How fast that allowance refills (client-go's <c>defaultSpamQPS</c>: one event every 5 minutes).</summary>
    public double SpamRefillPerSecond { get; init; } = 1.0 / 300;

    /// <summary>Distinct messages of one reason about one object before they are combined (client-go's 10).</summary>
    public int AggregateMaxEvents { get; init; } = 10;

    /// <summary>Quiet time after which a reason's messages are counted afresh (client-go's 10 minutes).</summary>
    public TimeSpan AggregateInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Objects whose event state is remembered (client-go's <c>maxLruCacheEntries</c>, 4096).</summary>
    public int CacheSize { get; init; } = 4096;
}
