using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.LeaderElection;

/// <summary>The leader elector's log lines; messages are client-go's <c>leaderelection</c> package's.</summary>
internal static partial class LeaderElectionLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "attempting to acquire leader lease {Lease}...")]
    public static partial void Attempting(ILogger logger, string lease);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "successfully acquired lease {Lease}")]
    public static partial void Acquired(ILogger logger, string lease);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "failed to renew lease {Lease}: timed out waiting for the condition")]
    public static partial void RenewFailed(ILogger logger, string lease);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "new leader elected {Identity}")]
    public static partial void NewLeader(ILogger logger, string identity);

    [LoggerMessage(EventId = 304, Level = LogLevel.Debug, Message = "lock is held by {Holder} and has not yet expired")]
    public static partial void HeldByOther(ILogger logger, string holder);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "error retrieving resource lock {Lease}: {Error}")]
    public static partial void GetFailed(ILogger logger, string lease, string error);

    [LoggerMessage(EventId = 306, Level = LogLevel.Error, Message = "error initially creating leader election record: {Error}")]
    public static partial void CreateFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "Failed to update lock: {Error}")]
    public static partial void UpdateFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 308, Level = LogLevel.Debug, Message = "Failed to update lock optimistically: {Error}, falling back to slow path")]
    public static partial void OptimisticUpdateFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 309, Level = LogLevel.Error, Message = "Failed to release lock: {Error}")]
    public static partial void ReleaseFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "released lease {Lease}")]
    public static partial void Released(ILogger logger, string lease);
}
