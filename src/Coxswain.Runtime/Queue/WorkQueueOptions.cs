using Coxswain.Runtime.Observability;

namespace Coxswain.Runtime.Queue;

/// <summary>Construction options shared by the work queues.</summary>
public sealed record WorkQueueOptions
{
    /// <summary>Name reported in the <c>name</c> metric label. Unnamed queues record no metrics (as in client-go).</summary>
    public string? Name { get; init; }

    /// <summary>Value of the <c>controller</c> metric label; defaults to <see cref="Name"/>.</summary>
    public string? Controller { get; init; }

    /// <summary>Clock for delays and durations; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where metrics are recorded; defaults to <see cref="RuntimeMetrics.Default"/>.</summary>
    public RuntimeMetrics? Metrics { get; init; }

    /// <summary>How often the unfinished-work gauges are refreshed (client-go: every 500 ms).</summary>
    public TimeSpan UnfinishedWorkUpdatePeriod { get; init; } = TimeSpan.FromMilliseconds(500);
}
