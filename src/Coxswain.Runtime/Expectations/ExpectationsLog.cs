using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Expectations;

/// <summary>kube-controller-manager's expectation log lines (its V(4) lines map to Debug).</summary>
internal static partial class ExpectationsLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Controller expectations fulfilled {Expectations}")]
    public static partial void Fulfilled(ILogger logger, ControlleeExpectations expectations);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Controller expectations expired {Expectations}")]
    public static partial void Expired(ILogger logger, ControlleeExpectations expectations);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Controller still waiting on expectations {Expectations}")]
    public static partial void StillWaiting(ILogger logger, ControlleeExpectations expectations);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Controller either never recorded expectations, or the ttl expired. controller={Controller}")]
    public static partial void NeverRecordedOrExpired(ILogger logger, string controller);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Adjusted expectations {Expectations}")]
    public static partial void Adjusted(ILogger logger, ControlleeExpectations expectations);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Clobbering existing delete keys controller={Controller} count={Count}")]
    public static partial void ClobberingDeleteKeys(ILogger logger, string controller, int count);
}
