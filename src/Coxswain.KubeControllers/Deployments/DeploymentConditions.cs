using k8s.Models;

namespace Coxswain.KubeControllers.Deployments;

/// <summary>The Deployment conditions, reasons and messages of <c>deployment/util</c>, and its <c>SetDeploymentCondition</c>.</summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string NewReplicaSetReason = "NewReplicaSetCreated";
    public const string FoundNewRSReason = "FoundNewReplicaSet";
    public const string NewRSAvailableReason = "NewReplicaSetAvailable";
    public const string ReplicaSetUpdatedReason = "ReplicaSetUpdated";
    public const string TimedOutReason = "ProgressDeadlineExceeded";
    public const string PausedDeployReason = "DeploymentPaused";
    public const string ResumedDeployReason = "DeploymentResumed";
    public const string FailedRSCreateReason = "ReplicaSetCreateError";

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastUpdateTime = now.UtcDateTime,
        LastTransitionTime = now.UtcDateTime,
    };

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>
    /// Same status and reason: nothing changes (not even the message). Same status: the transition time is kept.
    /// </summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        status.Conditions = (status.Conditions ?? []).Where(c => c.Type != condition.Type).Append(condition).ToList();
    }

    public static void Remove(V1DeploymentStatus status, string type) =>
        status.Conditions = status.Conditions?.Where(c => c.Type != type).ToList();

    public static bool HasProgressDeadline(V1Deployment d) =>
        d.Spec.ProgressDeadlineSeconds is { } seconds && seconds != int.MaxValue;
}
