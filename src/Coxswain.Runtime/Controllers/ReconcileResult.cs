namespace Coxswain.Runtime.Controllers;

/// <summary>
/// What a successful reconcile asks for next (controller-runtime's <c>reconcile.Result</c>, kube-rs's <c>Action</c>).
/// Failures are not results: throw, and the request is retried with backoff, or throw
/// <see cref="TerminalReconcileException"/> to stop retrying.
/// </summary>
public readonly record struct ReconcileResult
{
    private ReconcileResult(ReconcileResultKind kind, TimeSpan delay)
    {
        Kind = kind;
        Delay = delay;
    }

    /// <summary>Nothing more to do until the object (or something it watches) changes.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Reconcile again after the rate limiter's backoff for this object (controller-runtime's <c>Requeue: true</c>).</summary>
    public static ReconcileResult Requeue => new(ReconcileResultKind.Requeue, TimeSpan.Zero);

    public ReconcileResultKind Kind { get; }

    /// <summary>For <see cref="ReconcileResultKind.RequeueAfter"/>, how long to wait.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Reconcile again after <paramref name="delay"/>, resetting the object's backoff (e.g. to poll external state).</summary>
    public static ReconcileResult RequeueAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        return new ReconcileResult(ReconcileResultKind.RequeueAfter, delay);
    }

    public override string ToString() => Kind switch
    {
        ReconcileResultKind.RequeueAfter => $"RequeueAfter({Delay})",
        _ => Kind.ToString(),
    };
}

/// <summary>The kinds of <see cref="ReconcileResult"/>.</summary>
public enum ReconcileResultKind
{
    Done,
    Requeue,
    RequeueAfter,
}
