using Microsoft.Extensions.Logging;

namespace Coxswain.Workloads.CloneSets;

/// <summary>The CloneSet controller's log lines, worded as kruise-manager's so the guides' greps find them.</summary>
internal static partial class CloneSetLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information,
        Message = "Expectation unsatisfied overtime cloneSet=\"{CloneSet}\" scaleDirtyPods=\"creations:{Creations} deletions:{Deletions}\" overTime=\"{OverTime}\"")]
    public static partial void ExpectationUnsatisfiedOvertime(ILogger logger, string cloneSet, long creations, long deletions, TimeSpan overTime);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information,
        Message = "Expectation unsatisfied overtime, and force delete the timeout Expectation cloneSet=\"{CloneSet}\" overTime=\"{OverTime}\"")]
    public static partial void ExpectationForceDeleted(ILogger logger, string cloneSet, TimeSpan overTime);
}
