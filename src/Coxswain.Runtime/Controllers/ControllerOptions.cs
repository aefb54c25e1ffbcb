using Coxswain.Runtime.Client;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.RateLimiting;

namespace Coxswain.Runtime.Controllers;

/// <summary>How a <see cref="Controller"/> runs. Defaults are controller-runtime's.</summary>
public sealed class ControllerOptions
{
    /// <summary>Name used in logs, traces and the <c>controller</c>/<c>name</c> metric labels. Must be unique per process.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// How many objects may be reconciled at once (default 1). One object is never reconciled twice at the same time,
    /// whatever this is. Raising it is the answer to a backlog; lowering it the answer to API-server throttling (429).
    /// </summary>
    public int MaxConcurrentReconciles { get; set; } = 1;

    /// <summary>Kind of the reconciled objects, used to render <c>object.ref</c>; optional.</summary>
    public ApiResource? Kind { get; set; }

    /// <summary>Paces retries; defaults to <see cref="RateLimiters.DefaultController{T}"/>.</summary>
    public IRateLimiter<ReconcileRequest>? RateLimiter { get; set; }

    /// <summary>
    /// Whether a reconciler "panic" (see <see cref="IsPanic"/>) is recovered and retried like an error (default) or stops
    /// the controller.
    /// </summary>
    public bool RecoverPanic { get; set; } = true;

    /// <summary>Which exceptions count as panics; defaults to <see cref="PanicClassifier.IsPanic"/>.</summary>
    public Func<Exception, bool> IsPanic { get; set; } = PanicClassifier.IsPanic;

    /// <summary>How long to wait for every source to sync before giving up (default 2 minutes).</summary>
    public TimeSpan CacheSyncTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long in-flight reconciles may take to finish after shutdown is requested (default 30 s). When it expires their
    /// cancellation token is cancelled.
    /// </summary>
    public TimeSpan GracefulShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for a single reconcile, after which its token is cancelled; none by default.</summary>
    public TimeSpan? ReconciliationTimeout { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where metrics are recorded; defaults to <see cref="RuntimeMetrics.Default"/>.</summary>
    public RuntimeMetrics? Metrics { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("A controller needs a name.", nameof(Name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentReconciles, 1, nameof(MaxConcurrentReconciles));
        ArgumentNullException.ThrowIfNull(IsPanic, nameof(IsPanic));
    }
}
