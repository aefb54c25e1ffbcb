using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Hosting;

/// <summary>The manager's log lines; controller-runtime's where it has them.</summary>
internal static partial class ManagerLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Starting manager with {Count} controllers; leader election {LeaderElection}")]
    public static partial void Starting(ILogger logger, int count, string leaderElection);

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "leader election lost")]
    public static partial void LeaderElectionLost(ILogger logger);

    [LoggerMessage(EventId = 502, Level = LogLevel.Error, Message = "problem running manager")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "Serving {What} on {Address}")]
    public static partial void Serving(ILogger logger, string what, Uri address);

    [LoggerMessage(EventId = 504, Level = LogLevel.Information, Message = "Stopping and waiting for controllers")]
    public static partial void Stopping(ILogger logger);
}
