namespace Coxswain.Runtime.Controllers;

/// <summary>kube-rs's reconcile reasons, word for word, so the <c>object.reason</c> tag reads the same as in its guides.</summary>
public static class ReconcileReasons
{
    public const string Unknown = "unknown";
    public const string ObjectUpdated = "object updated";
    public const string BulkReconcile = "bulk reconcile requested";
    public const string ReconcilerRequestedRetry = "reconciler requested retry";
    public const string ErrorPolicyRequestedRetry = "error policy requested retry";

    /// <summary><c>related object updated: Kind.version.group/name.namespace</c>, for requests mapped from another object.</summary>
    public static string RelatedObjectUpdated(string objectRef) => $"related object updated: {objectRef}";
}
