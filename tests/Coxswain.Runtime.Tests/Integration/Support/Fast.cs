using Coxswain.Runtime.Backoff;
using Coxswain.Runtime.Watchers;

namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>Watcher settings that keep integration tests quick while still exercising every retry path.</summary>
internal static class Fast
{
    /// <summary>50 ms doubling to 400 ms, no jitter.</summary>
    public static IBackoff Backoff(TimeProvider time) =>
        new ExponentialBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), jitter: false, timeProvider: time);

    public static WatcherOptions Watcher => new() { BackoffFactory = Backoff };
}
