using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Events;

/// <summary>The event broadcaster's log lines (client-go's, where it has them).</summary>
internal static partial class EventLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Debug,
        Message = "Event occurred object={Namespace}/{Name} kind={Kind} type={Type} reason={Reason} action={Action} note={Note}")]
    public static partial void Occurred(ILogger logger, string? @namespace, string? name, string? kind, string? type, string? reason, string? action, string? note);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Server rejected event '{Name}': '{Error}' (will not retry!)")]
    public static partial void Rejected(ILogger logger, string? name, string error, Exception exception);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "Unable to write event '{Name}': '{Error}' (may retry after sleeping)")]
    public static partial void WriteFailed(ILogger logger, string? name, string error, Exception exception);

    [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "Unable to write event '{Name}' (retry limit exceeded!)")]
    public static partial void RetryLimitExceeded(ILogger logger, string? name);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "Dropped event {Reason} about {Name}: too many events are waiting to be written")]
    public static partial void Dropped(ILogger logger, string? reason, string? name);

    [LoggerMessage(EventId = 405, Level = LogLevel.Debug, Message = "Dropped event {Reason} about {Name}: too many events from this source about this object")]
    public static partial void Throttled(ILogger logger, string? reason, string? name);

    [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "Dropped event '{Name}' at shutdown: {Error}")]
    public static partial void DroppedAtShutdown(ILogger logger, string? name, string error);
}
