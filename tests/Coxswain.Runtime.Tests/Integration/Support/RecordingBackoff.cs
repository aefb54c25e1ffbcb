using System.Collections.Concurrent;
using Coxswain.Runtime.Backoff;

namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>A backoff that records every delay it hands out.</summary>
internal sealed class RecordingBackoff(IBackoff inner) : IBackoff
{
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public TimeSpan NextDelay()
    {
        var delay = inner.NextDelay();
        Delays.Enqueue(delay);
        return delay;
    }

    public void Reset() => inner.Reset();
}
