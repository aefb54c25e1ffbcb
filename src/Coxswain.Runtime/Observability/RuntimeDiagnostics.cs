using System.Diagnostics;

namespace Coxswain.Runtime.Observability;

/// <summary>
/// Tracing vocabulary of the runtime. Each reconcile runs in an activity named like kube-rs's span
/// (<c>reconciling object</c>) carrying the same <c>object.ref</c> and <c>object.reason</c> fields, so a trace or log
/// search for one object works as the troubleshooting guides describe. Enable it by listening to
/// <see cref="ActivitySourceName"/> (e.g. OpenTelemetry's <c>AddSource("Coxswain.Runtime")</c>).
/// </summary>
public static class RuntimeDiagnostics
{
    public const string ActivitySourceName = "Coxswain.Runtime";

    public const string ReconcileActivityName = "reconciling object";

    /// <summary>The reconciled object, rendered as <c>Kind.version.group/name.namespace</c>.</summary>
    public const string ObjectRefTag = "object.ref";

    /// <summary>Why the reconcile ran, e.g. <c>object updated</c> or <c>error policy requested retry</c>.</summary>
    public const string ObjectReasonTag = "object.reason";

    public const string ControllerTag = "controller";

    public const string ReconcileIdTag = "reconcile.id";

    /// <summary>The outcome, with the values of the <c>result</c> label of <c>controller_runtime_reconcile_total</c>.</summary>
    public const string ReconcileResultTag = "reconcile.result";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
