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

    [LoggerMessage(EventId = 702, Level = LogLevel.Information,
        Message = "CloneSet began to scale out cloneSet=\"{CloneSet}\" expectedCreations={ExpectedCreations} expectedCurrentCreations={ExpectedCurrentCreations}")]
    public static partial void ScaleOut(ILogger logger, string cloneSet, int expectedCreations, int expectedCurrentCreations);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "CloneSet began to delete pods cloneSet=\"{CloneSet}\" pods=\"{Pods}\"")]
    public static partial void Deleting(ILogger logger, string cloneSet, string pods);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information,
        Message = "CloneSet canceled deletion of pod and patch lifecycle from PreparingDelete to PreparingNormal cloneSet=\"{CloneSet}\" pod=\"{Pod}\"")]
    public static partial void DeletionCancelled(ILogger logger, string cloneSet, string pod);
}
