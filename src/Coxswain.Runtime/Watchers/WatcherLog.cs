using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Watchers;

/// <summary>
/// The watcher's log lines. Failures are logged with the HTTP status and Status reason in the message, so seed 003's
/// "check the logs for 410 / 401 / 403" advice finds them; the fallback line is client-go's.
/// </summary>
internal static partial class WatcherLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Watcher of {Resource} failed, retrying in {Delay}: {Error}")]
    public static partial void Failed(ILogger logger, string resource, TimeSpan delay, string error, Exception exception);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information,
        Message = "Watch of {Resource} expired (410 Gone) at resourceVersion {ResourceVersion}; relisting")]
    public static partial void Expired(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning,
        Message = "The watchlist request for {Resource} ended with an error, falling back to the standard LIST/WATCH semantics because making progress is better than deadlocking: {Error}")]
    public static partial void StreamingListFallback(ILogger logger, string resource, string error);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning,
        Message = "Watch of {Resource} closed after {Elapsed} without any event (very short watch); retrying in {Delay}")]
    public static partial void VeryShortWatch(ILogger logger, string resource, TimeSpan elapsed, TimeSpan delay);

    [LoggerMessage(EventId = 204, Level = LogLevel.Debug, Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(EventId = 205, Level = LogLevel.Trace, Message = "Watch event {Type} {Resource} {Name} at resourceVersion {ResourceVersion}")]
    public static partial void Event(ILogger logger, string type, string resource, string? name, string? resourceVersion);
}
