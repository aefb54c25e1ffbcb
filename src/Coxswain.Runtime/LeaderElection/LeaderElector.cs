using System.Net;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Observability;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace Coxswain.Runtime.LeaderElection;

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease, client-go's <c>leaderelection.LeaderElector</c> algorithm:
/// candidates try to acquire the lease every <see cref="LeaderElectionOptions.RetryPeriod"/> (with jitter); a lease
/// counts as held while its last renewal, <em>as observed locally</em>, is younger than its duration — so clock skew
/// between replicas does not matter; the leader renews every retry period and gives up when it could not renew for
/// <see cref="LeaderElectionOptions.RenewDeadline"/>. Every write is guarded by the lease's resourceVersion, so two
/// candidates can never both win the same round. Each change of holder increments <c>spec.leaseTransitions</c>.
/// </summary>
public sealed class LeaderElector
{
    private readonly ResourceClient<V1Lease> _leases;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Gauge.Child _masterStatus;
    private readonly Counter.Child _slowpath;
    private readonly string _description;
    private readonly int _leaseDurationSeconds;
    private V1Lease? _lease;
    private LeaseRecord? _observed;
    private long _observedAt;
    private string? _reportedLeader;
    private volatile bool _isLeader;

    public LeaderElector(Kubernetes client, LeaderElectionOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _leases = new ResourceClient<V1Lease>(client);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = options.TimeProvider;
        var metrics = (options.Metrics ?? RuntimeMetrics.Default).LeaderElection;
        _masterStatus = metrics.MasterStatus.WithLabels(options.LeaseName);
        _slowpath = metrics.SlowpathExercised.WithLabels(options.LeaseName);
        _description = $"{options.LeaseNamespace}/{options.LeaseName}";
        _leaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds);
    }

    public string Identity => _options.Identity;

    /// <summary>Whether this candidate currently leads (its work is running).</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder of the lease as last observed; null before the first observation, empty when released.</summary>
    public string? ObservedLeader => Volatile.Read(ref _reportedLeader);

    /// <summary>
    /// Contends for the lease until <paramref name="cancellationToken"/> is cancelled. Once acquired, runs
    /// <paramref name="whileLeading"/> with a token that is cancelled when leadership ends, and keeps renewing. Returns
    /// when leadership was lost (true), or when cancelled or the work ended by itself (false) — in those cases only
    /// after the work has finished and, with <see cref="LeaderElectionOptions.ReleaseOnCancel"/>, the lease was released.
    /// A failure of the work is rethrown after that.
    /// </summary>
    public async Task<bool> RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileLeading);
        _masterStatus.Set(0);
        if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _isLeader = true;
        _masterStatus.Set(1);
        var work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
        bool lost;
        try
        {
            lost = await RenewUntilLostAsync(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _isLeader = false;
            _masterStatus.Set(0);
            await leading.CancelAsync().ConfigureAwait(false);
        }

        // The work stops before the lease is released: releasing first would let another replica start while this one
        // is still finishing — two leaders at once.
        Exception? failure = null;
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
        }

        if (!lost && _options.ReleaseOnCancel)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }

        return failure is null ? lost : throw new InvalidOperationException($"The work of leader {Identity} failed: {failure.Message}", failure);
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        LeaderElectionLog.Attempting(_logger, _description);
        while (!cancellationToken.IsCancellationRequested)
        {
            var acquired = await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false);
            ReportTransition();
            if (acquired)
            {
                LeaderElectionLog.Acquired(_logger, _description);
                return true;
            }

            // client-go's JitterUntil(RetryPeriod, 1.2): candidates spread out instead of retrying in lock-step.
            if (!await DelayAsync(_options.RetryPeriod * (1 + (1.2 * Random.Shared.NextDouble())), cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        return false;
    }

    // Renews every retry period; each renewal may retry until the renew deadline. Returns true when leadership is lost.
    private async Task<bool> RenewUntilLostAsync(Task work, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !work.IsCompleted)
        {
            using var deadline = new CancellationTokenSource(_options.RenewDeadline, _time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var renewed = false;
            while (!attempt.IsCancellationRequested)
            {
                renewed = await TryAcquireOrRenewAsync(attempt.Token).ConfigureAwait(false);
                if (renewed || !await DelayAsync(_options.RetryPeriod, attempt.Token).ConfigureAwait(false))
                {
                    break;
                }
            }

            ReportTransition();
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            if (!renewed)
            {
                LeaderElectionLog.RenewFailed(_logger, _description);
                return true;
            }

            await Task.WhenAny(Task.Delay(_options.RetryPeriod, _time, cancellationToken), work).ConfigureAwait(false);
        }

        return false;
    }

    // client-go's tryAcquireOrRenew.
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var desired = new LeaseRecord(Identity, _leaseDurationSeconds, now, now, 0);

        // 1. Fast path: the leader updates optimistically, assuming the lease is as it last wrote it.
        if (HoldsLease && IsLeaseValid() && _lease is not null && _observed is { } mine)
        {
            try
            {
                var renewed = desired with { AcquireTime = mine.AcquireTime, LeaderTransitions = mine.LeaderTransitions };
                await UpdateAsync(renewed, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LeaderElectionLog.OptimisticUpdateFailed(_logger, e.Message);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        try
        {
            // 2. Read the lease, creating it if there is none.
            var lease = await _leases.GetOrDefaultAsync(_options.LeaseNamespace, _options.LeaseName, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                try
                {
                    _lease = await _leases.CreateAsync(NewLease(desired), cancellationToken: cancellationToken).ConfigureAwait(false);
                    Observe(desired);
                    return true;
                }
                catch (KubernetesApiException e)
                {
                    LeaderElectionLog.CreateFailed(_logger, e.Message);
                    return false;
                }
            }

            // 3. Someone else holds a valid lease: wait. The observation clock restarts whenever the record changes, so
            // validity is judged by this process's clock only.
            _lease = lease;
            var current = LeaseRecord.Of(lease);
            if (_observed != current)
            {
                Observe(current);
            }

            if (current.HolderIdentity.Length > 0 && IsLeaseValid() && !HoldsLease)
            {
                LeaderElectionLog.HeldByOther(_logger, current.HolderIdentity);
                return false;
            }

            // 4. Take it over (or renew it after a failed fast path).
            if (HoldsLease)
            {
                desired = desired with { AcquireTime = current.AcquireTime, LeaderTransitions = current.LeaderTransitions };
                _slowpath.Inc();
            }
            else
            {
                desired = desired with { LeaderTransitions = current.LeaderTransitions + 1 };
            }

            await UpdateAsync(desired, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            LeaderElectionLog.UpdateFailed(_logger, e.Message);
            return false;
        }
        catch (Exception e)
        {
            LeaderElectionLog.GetFailed(_logger, _description, e.Message);
            return false;
        }
    }

    // client-go's release: an empty holder and a one-second duration let the next candidate take over at once.
    private async Task ReleaseAsync()
    {
        if (!HoldsLease || _lease is null || _observed is not { } mine)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            await UpdateAsync(new LeaseRecord(string.Empty, 1, now, now, mine.LeaderTransitions), timeout.Token).ConfigureAwait(false);
            LeaderElectionLog.Released(_logger, _description);
        }
        catch (Exception e)
        {
            LeaderElectionLog.ReleaseFailed(_logger, e.Message);
        }
    }

    private async Task UpdateAsync(LeaseRecord record, CancellationToken cancellationToken)
    {
        var lease = new V1Lease { ApiVersion = _lease!.ApiVersion, Kind = _lease.Kind, Metadata = _lease.Metadata, Spec = record.ToSpec() };
        _lease = await _leases.ReplaceAsync(lease, cancellationToken: cancellationToken).ConfigureAwait(false);
        Observe(record);
    }

    private V1Lease NewLease(LeaseRecord record) => new()
    {
        Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.LeaseNamespace },
        Spec = record.ToSpec(),
    };

    private bool HoldsLease => _observed is { } observed && observed.HolderIdentity == Identity;

    private bool IsLeaseValid() =>
        _observed is { } observed && _time.GetElapsedTime(_observedAt) < TimeSpan.FromSeconds(observed.LeaseDurationSeconds);

    private void Observe(LeaseRecord record)
    {
        _observed = record;
        _observedAt = _time.GetTimestamp();
    }

    private void ReportTransition()
    {
        var holder = _observed?.HolderIdentity;
        if (holder is not null && holder != Volatile.Read(ref _reportedLeader))
        {
            Volatile.Write(ref _reportedLeader, holder);
            if (holder.Length > 0)
            {
                LeaderElectionLog.NewLeader(_logger, holder);
            }
        }
    }

    // Returns false when cancelled instead of throwing: cancellation is how the loops end.
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
